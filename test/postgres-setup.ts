import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server on 127.0.0.1 for the tests ('' when none could be started). */
    postgresUrl: string;
  }
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return version ? join(root, version, 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server for the whole test run, on 127.0.0.1 as a non-root user
 * (PostgreSQL refuses root): Debian's package, installed by .ci/run. Stopped and deleted after.
 */
export default async function setup(project: TestProject) {
  const bin = postgresBin();
  if (!bin) {
    if (process.env.MRB_REQUIRE_POSTGRES) throw new Error('PostgreSQL is required (MRB_REQUIRE_POSTGRES) but /usr/lib/postgresql has no server');
    project.provide('postgresUrl', '');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mrb-pg-'));
  const root = process.getuid?.() === 0;
  const as = (command: string, args: string[]) => (root ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' }) : execFileSync(command, args, { stdio: 'pipe' }));
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const port = await freePort();
  as(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'mrb', '--no-sync']);
  as(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-o', `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c max_connections=200`, '-l', join(dir, 'log'), '-w', 'start']);
  project.provide('postgresUrl', `postgres://mrb@127.0.0.1:${port}/postgres`);
  return () => {
    const stop = root ? ['runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', 'stop']] : [join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']];
    spawnSync(stop[0] as string, stop[1] as string[], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
}
