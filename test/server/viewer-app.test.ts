import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { viewerApp } from '../../src/server/viewer/viewer-app.js';
import { judgedRun, type JudgedRun } from '../report/judged-run.js';

let run: JudgedRun;
let store: Store;
let app: ReturnType<typeof viewerApp>;
beforeAll(async () => {
  run = await judgedRun({ brain: 3, chest: 2 }, (rows) => rows.map((r, i) => (i === 4 ? { ...r, department: 'cardiology' } : r)));
  store = await openStore(run.store, { mustExist: true });
  app = viewerApp({ store, resamples: 100 });
});
afterAll(async () => {
  await store?.close();
  await run?.server.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await app.request(path, { headers: { host: '127.0.0.1:8765', ...headers } });
  return { status: response.status, headers: response.headers, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.arrayBuffer() };
};
const cases = async (query: string) => (await get(`/api/runs/${run.runId}/cases?${query}`)).body as { matched: number; uids: string[]; cases: Array<Record<string, unknown>> };

describe('viewer API', () => {
  it('lists runs with their progress', async () => {
    const { status, body } = await get('/api/runs');
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(1);
    expect(body.runs[0]).toMatchObject({ id: run.runId, status: 'completed', judges: ['openai-compatible:fake-vlm'], progress: { trials: 10, judged: 10, failed: 0, expected: 10 } });
  });

  it("gives a run's leaderboard and what its cases can be filtered by", async () => {
    const { body } = await get(`/api/runs/${run.runId}`);
    expect(body.leaderboard[0]).toMatchObject({ judge: 'openai-compatible:fake-vlm', answered: 10, parseFailures: 1, requestErrors: 0 });
    expect(body.leaderboard[0].overall.value).toBeCloseTo(0.9);
    expect(body.leaderboard[0].costUsd).toBeCloseTo(0.004);
    expect(body.leaderboard[0].overall.low).toBeLessThanOrEqual(0.9);
    expect(body.facets).toMatchObject({ organs: ['brain', 'chest'], departments: ['cardiology', 'radiology'], judges: ['openai-compatible:fake-vlm'] });
  });

  it('filters cases by organ, department, outcome, swap inconsistency, parse failure and text', async () => {
    expect((await cases('')).uids).toEqual(['brain/1', 'brain/2', 'brain/3', 'chest/1', 'chest/2']);
    expect((await cases('organ=chest')).uids).toEqual(['chest/1', 'chest/2']);
    expect((await cases('department=cardiology')).uids).toEqual(['chest/2']);
    // The one unreadable answer is case brain/1, swapped: it is the only case not all correct.
    expect((await cases('outcome=incorrect')).uids).toEqual(['brain/1']);
    expect((await cases('outcome=correct')).matched).toBe(4);
    expect((await cases('parseFailure=1')).uids).toEqual(['brain/1']);
    expect((await cases('swap=1')).uids).toEqual(['brain/1']);
    expect((await cases('error=1')).matched).toBe(0);
    expect((await cases('q=QUESTION%203%20about')).uids).toEqual(['brain/3']);
    expect((await cases('q=cannot%20tell')).uids).toEqual(['brain/1']);
    expect((await cases('judge=openai-compatible:fake-vlm&outcome=incorrect&dimension=accuracy')).uids).toEqual(['brain/1']);
    expect((await cases('judge=someone-else&outcome=correct')).matched).toBe(0);
    const row = (await cases('organ=brain')).cases[2]!;
    expect(row).toMatchObject({ uid: 'brain/3', label: 'B', judges: [{ judge: 'openai-compatible:fake-vlm', swapInconsistent: false, trials: [{ order: 'AB', choice: 'B', outcome: 'correct' }, { order: 'BA', choice: 'B', outcome: 'correct' }] }] });
  });

  it("gives a case with every judge's verdict per order, raw output, tokens and latency", async () => {
    const { status, body } = await get(`/api/runs/${run.runId}/case?uid=${encodeURIComponent('brain/1')}`);
    expect(status).toBe(200);
    expect(body.case).toMatchObject({ uid: 'brain/1', organ: 'brain', question: run.rows[0]!.question, answerA: run.rows[0]!.answer1, answerB: run.rows[0]!.answer2, labels: { overall: 'A' } });
    expect(body.image).toBe(`/api/runs/${run.runId}/image?uid=brain%2F1`);
    const [ab, ba] = body.trials;
    expect(ab).toMatchObject({ judge: 'openai-compatible:fake-vlm', order: 'AB', verdict: { overall: { choice: 'A' } }, outcomes: { overall: 'correct' }, reason: 'the better answer gives the lesion size', inputTokens: 100, outputTokens: 20, attempts: 1, error: null });
    expect(ab.latencyMs).toBeGreaterThanOrEqual(0);
    expect(ba).toMatchObject({ order: 'BA', rawOutput: 'I cannot tell which answer is better.', outcomes: { overall: 'parse-failure' } });
    expect(body.swapInconsistent['openai-compatible:fake-vlm'].overall).toBe(true);
  });

  it("serves a stored case's image, read from the run's dataset, and nothing else", async () => {
    const image = await get(`/api/runs/${run.runId}/image?uid=${encodeURIComponent('chest/2')}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(image.body as ArrayBuffer).equals(Buffer.from(run.rows[4]!.image!))).toBe(true);
    for (const uid of ['../../etc/passwd', '/etc/passwd', 'brain/99', '', 'pair_gt_all/parquet/brain.parquet']) {
      const refused = await get(`/api/runs/${run.runId}/image?uid=${encodeURIComponent(uid)}`);
      expect(refused.status, uid).toBe(404);
      expect(refused.body, uid).toEqual({ error: 'no such case in this run' });
    }
    expect((await get(`/api/runs/run-nope/image?uid=brain%2F1`)).status).toBe(404);
  });

  it('serves only its own browser files, with a policy that forbids inline script', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect((await get('/assets/app.js')).headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/assets/..%2F..%2Fpackage.json', '/assets/../../package.json', '/assets/index.ts', '/assets/.env']) {
      const r = await get(path);
      expect(r.headers.get('content-type'), path).not.toContain('javascript');
      expect(Buffer.from(r.body instanceof ArrayBuffer ? r.body : new ArrayBuffer(0)).toString(), path).not.toContain('"name": "med-rewardbench"');
    }
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('answers only requests addressed to a loopback name', async () => {
    expect((await get('/api/runs', { host: 'evil.example:8765' })).status).toBe(403);
    expect((await get('/api/runs', { host: 'localhost:8765' })).status).toBe(200);
  });

  it('names a run that is not in the store', async () => {
    const { status, body } = await get('/api/runs/run-nope');
    expect(status).toBe(404);
    expect(body.error).toContain('no run run-nope');
  });
});
