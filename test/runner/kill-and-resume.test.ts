import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a run killed with SIGKILL mid-way', () => {
  it('resumes with the same command, loses no answer and re-sends only what was in flight', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 10, lung: 10 });
    const work = tempDir();
    const concurrency = 4;
    // Answers slowly enough that the kill lands with work finished, in flight, and not started.
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 40 }));
    const args = [
      'run', '--data', root, '--judge', 'openai-compatible:fake-vlm', '--base-url', server.baseUrl,
      '--store', join(work, 'store.sqlite'), '--out', join(work, 'out'), '--concurrency', String(concurrency),
    ];
    const child = spawnCli(args, { cwd: work });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (server!.received.length >= 15) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the run finished before it could be killed'));
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const sentBeforeKill = server.received.length;
    expect(sentBeforeKill).toBeLessThan(rows.length * 2);

    const store = await openStore(join(work, 'store.sqlite'));
    const [run] = await store.listRuns();
    const answeredBeforeResume = (await store.runResults(run!.id)).filter((t) => t.judgment?.rawOutput).length;
    await store.close();
    expect(answeredBeforeResume).toBeGreaterThan(0);
    // The killed process could not say so; the listing still knows its run is not running.
    expect(run!.status).toBe('running');
    const listed = await runCli(['runs', '--store', join(work, 'store.sqlite')]);
    expect(listed.stdout).toContain(`${run!.id}\tinterrupted\t`);

    const resumed = await runCli(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming');

    const counts = [...server.countsByText().values()];
    expect(counts).toHaveLength(rows.length * 2);
    // Only requests in flight at the kill can have been sent twice, and only once more.
    const twice = counts.filter((n) => n === 2).length;
    expect(counts.every((n) => n <= 2)).toBe(true);
    expect(twice).toBeLessThanOrEqual(concurrency);
    expect(server.received.length - sentBeforeKill).toBe(rows.length * 2 - answeredBeforeResume);

    const table = readFileSync(join(work, 'out', 'official_table.csv'), 'utf8');
    expect(table).toContain('brain,openai-compatible:fake-vlm,1.0,1.0,1.0,1.0,1.0,1.0');
    expect(table).toContain('lung,openai-compatible:fake-vlm,1.0,1.0,1.0,1.0,1.0,1.0');
  });
});

describe('Ctrl-C (SIGINT)', () => {
  it('stops, keeps what finished, exits 130, and the same command finishes the rest', async () => {
    const { root, rows } = writeFixtureDataset({ eye: 12 });
    const work = tempDir();
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 30 }));
    const args = ['run', '--data', root, '--judge', 'openai-compatible:fake-vlm', '--base-url', server.baseUrl, '--store', join(work, 'store.sqlite'), '--out', join(work, 'out'), '--concurrency', '2'];
    const child = spawnCli(args, { cwd: work });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setInterval(() => {
      if (server!.received.length >= 6) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 5);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(timer);
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupting');
    expect(server.received.length).toBeLessThan(rows.length * 2);

    const resumed = await runCli(args);
    expect(resumed.code).toBe(0);
    expect([...server.countsByText().values()].every((n) => n <= 2)).toBe(true);
    expect(server.countsByText().size).toBe(rows.length * 2);
  });
});
