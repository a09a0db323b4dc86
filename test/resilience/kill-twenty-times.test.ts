import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/metrics/seeded-random.js';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KILLS = 20;
const CONCURRENCY = 4;

describe('a run killed with SIGKILL at 20 random moments', () => {
  it('ends with one judgment per trial, no finished trial sent twice, and the table of an uninterrupted run', { timeout: 240_000 }, async () => {
    const { root, rows } = writeFixtureDataset({ brain: 12, chest: 12 });
    const trials = rows.length * 2;
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 25 }));
    const work = tempDir();
    const args = [
      'run', '--data', root, '--judge', 'openai-compatible:fake-vlm', '--base-url', server.baseUrl,
      '--store', join(work, 'store.sqlite'), '--out', join(work, 'out'), '--concurrency', String(CONCURRENCY),
    ];
    const random = seededRandom(2026);
    let kills = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 3; attempt++) {
      const child = spawnCli(args, { cwd: work });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      // Wait for the process to start sending, then kill it at a random moment a little later.
      const startCount = server.received.length;
      const deadline = Date.now() + 20_000;
      while (server.received.length === startCount && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 60)));
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        kills++;
      }
      await exited;
      if (server.countsByText().size === trials && child.exitCode === 0) break;
    }
    expect(kills).toBeGreaterThanOrEqual(10);

    const final = await runCli(args);
    expect(final.code, final.stderr).toBe(0);

    const store = await openStore(join(work, 'store.sqlite'));
    const [run] = await store.listRuns();
    const results = await store.runResults(run!.id);
    await store.close();
    expect(results).toHaveLength(trials);
    expect(new Set(results.map((r) => r.key)).size).toBe(trials);
    expect(results.every((r) => r.judgment?.rawOutput)).toBe(true);

    // Only a request in flight at a kill can go out again: at most CONCURRENCY per kill.
    const counts = [...server.countsByText().values()];
    expect(counts).toHaveLength(trials);
    const extra = counts.reduce((sum, n) => sum + n - 1, 0);
    expect(extra).toBeLessThanOrEqual(kills * CONCURRENCY);

    const interrupted = readFileSync(join(work, 'out', 'official_table.csv'), 'utf8');
    const cleanWork = tempDir();
    const clean = await runCli([...args.slice(0, -6), '--store', join(cleanWork, 's.sqlite'), '--out', join(cleanWork, 'out'), '--concurrency', String(CONCURRENCY)]);
    expect(clean.code).toBe(0);
    expect(interrupted).toBe(readFileSync(join(cleanWork, 'out', 'official_table.csv'), 'utf8'));
  });
});
