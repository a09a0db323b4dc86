import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('mrb score', () => {
  it('re-scores stored raw outputs with the official parser without any request', async () => {
    // Labels are A, A, B. The judge writes "Assistant B" on every dimension: B for the strict
    // parser, A for the official one (it reads the A of "Assistant").
    const { root } = writeFixtureDataset({ brain: 3 });
    const dims = ['Accuracy', 'Relevance', 'Comprehensiveness', 'Creativity', 'Responsiveness', 'Overall'];
    server = await startFakeOpenAIServer(() => ({ reply: dims.map((d) => `${d}: Assistant B`).join('\n') }));
    const work = tempDir();
    const store = join(work, 's.sqlite');
    const run = await runCli(['run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--orders', 'original', '--store', store, '--out', join(work, 'strict')]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(work, 'strict', 'official_table.csv'), 'utf8')).toContain('brain,openai-compatible:m,0.3333,');
    const runId = /run (run-[0-9a-f]+) completed/.exec(run.stderr)![1]!;

    const sent = server.received.length;
    const official = await runCli(['score', '--run', runId, '--parser', 'official', '--store', store, '--out', join(work, 'official')]);
    expect(official.code, official.stderr).toBe(0);
    expect(server.received.length).toBe(sent);
    expect(readFileSync(join(work, 'official', 'official_table.csv'), 'utf8')).toContain('brain,openai-compatible:m,0.6667,');
  });

  it('names a run that is not in the store, and a store that does not exist, without creating one', async () => {
    const store = join(tempDir(), 's.sqlite');
    const missingStore = await runCli(['score', '--run', 'run-nope', '--store', store]);
    expect(missingStore.code).toBe(2);
    expect(missingStore.stderr).toContain(`no store at ${store}`);
    expect(existsSync(store)).toBe(false);

    expect((await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', store, '--out', join(tempDir(), 'o')])).code).toBe(0);
    const missingRun = await runCli(['score', '--run', 'run-nope', '--store', store]);
    expect(missingRun.code).toBe(2);
    expect(missingRun.stderr).toContain('no run run-nope');
  });
});
