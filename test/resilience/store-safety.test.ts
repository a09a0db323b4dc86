import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('one SQLite store, two processes', () => {
  it('the second process on a run refuses with a clear message; the first finishes; nothing is sent twice', async () => {
    const { root, rows } = writeFixtureDataset({ eye: 8 });
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 60 }));
    const work = tempDir();
    const args = ['run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--concurrency', '1'];
    const first = spawnCli(args, { cwd: work });
    const firstExit = new Promise<number | null>((resolve) => first.once('exit', resolve));
    while (server.received.length === 0) await new Promise((r) => setTimeout(r, 5));

    const second = await runCli(args);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/run run-[0-9a-f]+ is being run by process \d+ on .*; wait for it to finish/);

    expect(await firstExit).toBe(0);
    expect(server.received).toHaveLength(rows.length * 2);
    expect([...server.countsByText().values()].every((n) => n === 1)).toBe(true);

    const after = await runCli(args);
    expect(after.code).toBe(0);
    expect(server.received).toHaveLength(rows.length * 2);
  });

  it('two different runs share a store at the same time without harm', async () => {
    const a = writeFixtureDataset({ brain: 6 });
    const b = writeFixtureDataset({ lung: 6 });
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 10 }));
    const work = tempDir();
    const args = (root: string, out: string) => ['run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server!.baseUrl, '--store', join(work, 's.sqlite'), '--out', join(work, out)];
    const other = spawnCli(args(a.root, 'a'), { cwd: work });
    const otherExit = new Promise<number | null>((resolve) => other.once('exit', resolve));
    const mine = await runCli(args(b.root, 'b'));
    expect(mine.code, mine.stderr).toBe(0);
    expect(await otherExit).toBe(0);
    expect((await runCli(['runs', '--store', join(work, 's.sqlite')])).stdout.trim().split('\n')).toHaveLength(2);
  });
});

// Root ignores permission bits, so the tests make paths immutable (chattr +i, ext4), which stops root too.
function immutable(path: string): boolean {
  return spawnSync('chattr', ['+i', path]).status === 0;
}
function mutable(path: string) {
  spawnSync('chattr', ['-i', path]);
}

describe('a store that cannot be written', () => {
  it('in a folder that cannot be written: a clear error, exit 1', async () => {
    const dir = tempDir();
    if (!immutable(dir)) return; // no chattr here: nothing to test with
    try {
      const result = await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', join(dir, 'store.sqlite')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot open the store at .*store\.sqlite: .*is the folder writable, and the disk not full\?/);
    } finally {
      mutable(dir);
    }
  });

  it('a store file that became read-only: a clear error, exit 1, its runs intact', async () => {
    const dir = tempDir();
    const store = join(dir, 'store.sqlite');
    expect((await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', store, '--out', join(dir, 'o')])).code).toBe(0);
    if (!immutable(store)) return;
    try {
      const result = await runCli(['run', '--judge', 'baseline:always-b', '--organs', 'eye', '--store', store, '--out', join(dir, 'o')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot open the store|store or its folder cannot be written/);
    } finally {
      mutable(store);
    }
    const runs = await runCli(['runs', '--store', store]);
    expect(runs.stdout.trim().split('\n')).toHaveLength(1);
  });
});
