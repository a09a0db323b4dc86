import { describe, expect, it } from 'vitest';
import { viewerApp } from '../../src/server/viewer/viewer-app.js';
import { openStore } from '../../src/store/open-store.js';
import { freshPostgresUrl, hasPostgres } from '../fakes/postgres-database.js';
import { judgedRun } from '../report/judged-run.js';

describe('viewer on a shared PostgreSQL store', () => {
  it.skipIf(!hasPostgres())('reads runs, cases, verdicts and images as it does from SQLite', async () => {
    const run = await judgedRun({ eye: 2, lung: 1 }, undefined, undefined, await freshPostgresUrl());
    const store = await openStore(run.store, { mustExist: true });
    try {
      const app = viewerApp({ store, resamples: 50 });
      const get = async (path: string) => app.request(path, { headers: { host: '127.0.0.1' } });
      const runs = await (await get('/api/runs')).json();
      expect(runs.runs[0]).toMatchObject({ id: run.runId, status: 'completed', progress: { trials: 6, judged: 6, failed: 0 } });
      const detail = await (await get(`/api/runs/${run.runId}`)).json();
      expect(detail.leaderboard[0]).toMatchObject({ answered: 6, parseFailures: 1 });
      expect((await (await get(`/api/runs/${run.runId}/cases?parseFailure=1`)).json()).uids).toEqual(['eye/1']);
      const image = await get(`/api/runs/${run.runId}/image?uid=lung%2F1`);
      expect(image.status).toBe(200);
      expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(run.rows[2]!.image!))).toBe(true);
    } finally {
      await store.close();
      await run.server.close();
    }
  });
});
