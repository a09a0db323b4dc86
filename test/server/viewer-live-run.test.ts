import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { viewerApp } from '../../src/server/viewer/viewer-app.js';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('viewer during a run', () => {
  it('shows progress, judged and pending trials, and request errors while the run writes', async () => {
    const { root, rows } = writeFixtureDataset({ lung: 4 });
    let answered = 0;
    server = await startFakeOpenAIServer((req) => {
      // The second case is refused outright (a 400 is not retried): a request error to show.
      if (req.text.includes(rows[1]!.question)) return { status: 400 };
      answered++;
      // The last case stalls past --timeout, so the run is still going while the viewer reads it.
      return { reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: answered > 2 ? 5_000 : 0 };
    });
    const work = tempDir();
    const store = join(work, 'store.sqlite');
    const running = runCli(['run', '--data', root, '--judge', 'openai-compatible:slow', '--base-url', server.baseUrl, '--store', store, '--out', join(work, 'out'), '--concurrency', '1', '--max-attempts', '1', '--orders', 'original', '--timeout', '2']);

    // Wait for the run to exist with some judgments, then read it as the viewer does.
    let reader;
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        reader ??= await openStore(store, { mustExist: true });
        const runs = await reader.listRuns();
        if (runs.length && (await reader.runProgress(runs[0]!.id)).judged >= 3) break;
      } catch {
        // The run has not created the store yet.
      }
    }
    const app = viewerApp({ store: reader!, resamples: 50 });
    const get = async (path: string) => (await app.request(path, { headers: { host: '127.0.0.1' } })).json();
    const { runs } = await get('/api/runs');
    expect(runs[0]).toMatchObject({ status: 'running', progress: { trials: 4, judged: 3, failed: 1, expected: 4 } });
    const id = runs[0].id;
    const detail = await get(`/api/runs/${id}`);
    expect(detail.leaderboard[0]).toMatchObject({ trials: 4, answered: 2, requestErrors: 1 });
    expect((await get(`/api/runs/${id}/cases?error=1`)).uids).toEqual(['lung/2']);
    const pending = await get(`/api/runs/${id}/case?uid=lung%2F4`);
    expect(pending.trials[0]).toMatchObject({ rawOutput: null, error: null, outcomes: { overall: 'missing' } });
    const failed = await get(`/api/runs/${id}/case?uid=lung%2F2`);
    expect(failed.trials[0]).toMatchObject({ errorKind: 'client', outcomes: { overall: 'error' } });
    expect(failed.trials[0].error).toContain('400');

    const result = await running;
    expect(result.code).toBe(1);
    // The viewer follows the store: the finished run now shows its final state.
    const after = await get('/api/runs');
    expect(after.runs[0].status).toBe('incomplete');
    await reader!.close();
  });
});
