import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/dataset/case.js';
import { openStore } from '../../src/store/open-store.js';
import { readSqliteResults } from '../../src/store/sqlite-results-read.js';
import type { JudgmentRecord, Store, TrialRecord } from '../../src/store/store.js';
import { inTrialOrder } from '../../src/store/trial-order.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { freshPostgresUrl, hasPostgres } from '../fakes/postgres-database.js';

const labels = { accuracy: 'A', relevance: 'B', comprehensiveness: 'A', creativity: 'B', responsiveness: 'A', overall: 'B' } as const;

function aCase(n: number, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    uid: `brain/${n}`,
    organ: 'brain',
    questionId: String(n),
    question: `q${n}`,
    answerA: `a${n}`,
    answerB: `b${n}`,
    labels,
    imageSha256: `sha${n}`,
    imageMime: 'image/png',
    imageSize: 100 + n,
    ...extra,
  };
}

const trial = (n: number, judge = 'j', order: 'AB' | 'BA' = 'AB', key = `k${n}${order}${judge}`): TrialRecord => ({ caseUid: `brain/${n}`, judge, order, sample: 0, key });

function judgment(key: string, error: string | null = null, rawOutput: string | null = error ? null : `out-${key}`): JudgmentRecord {
  return { key, judge: 'j', rawOutput, reasoning: null, inputTokens: 10, outputTokens: 2, latencyMs: 12.5, attempts: 1, error, errorKind: error ? 'server' : null, createdAt: new Date().toISOString() };
}

const holder = (name: string) => ({ owner: name, host: 'test-host', pid: 1 });

const backends: Array<[string, () => Promise<string>]> = [
  ['SQLite', async () => join(tempDir(), 'store.sqlite')],
  ['PostgreSQL', freshPostgresUrl],
];

describe.each(backends)('the store on %s', (backend, location) => {
  const open: Store[] = [];
  const store = async () => {
    const s = await openStore(await location());
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const skip = backend === 'PostgreSQL' && !hasPostgres();

  it.skipIf(skip)('creates a run, and a second open of the same id resumes it with its start time', async () => {
    const s = await store();
    const first = await s.openRun({ id: 'r1', settings: { a: 1 }, dataset: { d: 1 } });
    expect(first.resumed).toBe(false);
    expect(first.run).toMatchObject({ id: 'r1', status: 'running', settings: { a: 1 } });
    await s.setRunStatus('r1', 'completed');
    const again = await s.openRun({ id: 'r1', settings: { a: 2 }, dataset: { d: 2 } });
    expect(again.resumed).toBe(true);
    expect(again.run.createdAt).toBe(first.run.createdAt);
    expect((await s.getRun('r1'))?.settings).toEqual({ a: 2 });
    expect((await s.listRuns()).map((r) => r.id)).toEqual(['r1']);
    expect(await s.getRun('nope')).toBeUndefined();
  });

  it.skipIf(skip)("digests the rows a run's reports are computed from: any change to them changes the digest, an answer put again does not", async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: { parser: 'official' }, dataset: { d: 1 } });
    await s.openRun({ id: 'other', settings: {}, dataset: {} });
    await s.putCases('r', [aCase(1), aCase(2)], 0);
    await s.putTrials('r', [trial(1), trial(2)]);
    await s.putJudgments([judgment('k1ABj'), judgment('k2ABj', 'HTTP 503')]);
    const seen = new Set<string>();
    const digest = async () => {
      const d = await s.resultsDigest('r');
      expect(d).toMatch(/^[0-9a-f]{64}$/);
      return d;
    };
    const changes = async (what: string, change: () => Promise<unknown>) => {
      const before = await digest();
      seen.add(before);
      await change();
      const after = await digest();
      expect(after, what).not.toBe(before);
      expect(seen.has(after), `${what}: a digest seen before`).toBe(false);
    };
    // Reading and writing nothing new leaves it, however often it is taken.
    const first = await digest();
    await s.putJudgments([{ ...judgment('k1ABj', null, 'another output'), createdAt: '2030-01-01T00:00:00.000Z' }]);
    await s.putCases('r', [aCase(1), aCase(2)], 0);
    await s.putTrials('r', [trial(1), trial(2)]);
    await s.setRunStatus('other', 'completed');
    // The run's record is not its rows: reports hash it themselves, without its times.
    await s.setRunStatus('r', 'completed');
    expect(await digest()).toBe(first);

    await changes('a failed attempt replaced by an answer', () => s.putJudgments([judgment('k2ABj')]));
    await changes("a case's text", () => s.putCases('r', [aCase(1, { question: 'changed' })], 0));
    await changes("a case's department", () => s.putCases('r', [aCase(1, { question: 'changed', department: 'radiology' })], 0));
    await changes('text that looks like a separator or null', () => s.putCases('r', [aCase(1, { question: 'changed', department: 'null' })], 0));
    await changes('a trial added', () => s.putTrials('r', [trial(1, 'j', 'BA')]));
    await changes('a trial without its judgment', () => s.putTrials('r', [trial(3)]));
    await changes('a case removed', () => s.removeCases('r', ['brain/2']));
    expect(await s.resultsDigest('other')).not.toBe(await digest());
  });

  it.skipIf(skip)('keeps cases in dataset order, replaces a re-read case, and removes cases with their trials', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    await s.putCases('r', [aCase(1, { department: 'radiology' }), aCase(2)], 0);
    await s.putCases('r', [aCase(3)], 2);
    await s.putCases('r', [aCase(1, { question: 'changed' })], 0);
    const cases = await s.runCases('r');
    expect(cases.map((c) => c.uid)).toEqual(['brain/1', 'brain/2', 'brain/3']);
    expect(cases[0]).toMatchObject({ question: 'changed', labels, imageSize: 101 });
    expect(cases[0]).not.toHaveProperty('department');
    await s.putTrials('r', [trial(1), trial(2)]);
    await s.removeCases('r', ['brain/1']);
    expect((await s.runCases('r')).map((c) => c.uid)).toEqual(['brain/2', 'brain/3']);
    expect((await s.runResults('r')).map((t) => t.caseUid)).toEqual(['brain/2']);
  });

  it.skipIf(skip)('upserts trials, prunes judges, orders and samples a run no longer has, and joins judgments', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    await s.putTrials('r', [trial(1), trial(1, 'j', 'BA'), trial(1, 'old'), { ...trial(2), sample: 1, key: 's1' }]);
    await s.putTrials('r', [{ ...trial(1), key: 'new-key' }]);
    await s.pruneTrials('r', { judges: ['j'], orders: ['AB', 'BA'], samples: 1 });
    const results = await s.runResults('r');
    expect(results.map((r) => `${r.judge}/${r.order}/${r.key}`).sort()).toEqual(['j/AB/new-key', 'j/BA/k1BAj']);
    await s.putJudgments([judgment('new-key')]);
    const joined = (await s.runResults('r')).find((r) => r.key === 'new-key')!;
    expect(joined.judgment).toMatchObject({ rawOutput: 'out-new-key', inputTokens: 10, latencyMs: 12.5, error: null });
  });

  it.skipIf(skip)('reads some cases\' results on a connection of its own (SQLite only), as runResults reads them', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    await s.putTrials('r', [trial(1), trial(1, 'j', 'BA'), trial(2), trial(3)]);
    await s.putJudgments([judgment('k1ABj'), judgment('k2ABj', 'server error')]);
    const read = s.sqliteResultsRead?.('r', ['brain/1', 'brain/2']);
    if (backend === 'PostgreSQL') return expect(read).toBeUndefined();
    // Read while this connection holds the store open, as the scoring thread does.
    expect(inTrialOrder([...readSqliteResults(read!)])).toEqual(await s.runResults('r', { cases: ['brain/1', 'brain/2'] }));
    expect([...readSqliteResults(read!)].map((r) => r.key).sort()).toEqual(['k1ABj', 'k1BAj', 'k2ABj']);
  });

  it.skipIf(skip)('lets an answer replace a failure but never the reverse; answered keys ignore failures', async () => {
    const s = await store();
    await s.putJudgments([judgment('a', 'boom'), judgment('b')]);
    expect([...(await s.answeredKeys(['a', 'b', 'c']))]).toEqual(['b']);
    await s.putJudgments([judgment('a'), judgment('b', 'late failure')]);
    expect([...(await s.answeredKeys(['a', 'b']))].sort()).toEqual(['a', 'b']);
  });

  it.skipIf(skip)('holds a run lease for one process; a live holder refuses others, a dead or expired one is taken over', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    expect(await s.acquireRunLease('r', holder('one'), 60_000, () => false)).toBeUndefined();
    expect(await s.acquireRunLease('r', holder('two'), 60_000, () => false)).toMatchObject({ owner: 'one' });
    expect(await s.acquireRunLease('r', holder('two'), 60_000, () => true)).toBeUndefined();
    await s.releaseRunLease('r', 'two');
    expect(await s.acquireRunLease('r', holder('three'), 1, () => false)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
    expect(await s.acquireRunLease('r', holder('four'), 60_000, () => false)).toBeUndefined();
    expect(await s.runLease('r')).toMatchObject({ owner: 'four' });
    await s.releaseRunLease('r', 'four');
    expect(await s.runLease('r')).toBeUndefined();
  });

  it.skipIf(skip)('gives a free run to exactly one of several processes asking at once', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    // Several connections of the pool ask together: on PostgreSQL they really race.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => s.acquireRunLease('r', holder(`p${i}`), 60_000, () => false)));
    const winners = answers.filter((a) => a === undefined);
    expect(winners).toHaveLength(1);
    const owner = (await s.runLease('r'))!.owner;
    expect(answers.filter((a) => a !== undefined).every((a) => a!.owner === owner)).toBe(true);
    // An expired lease, taken over by several at once: again exactly one.
    await s.releaseRunLease('r', owner);
    await s.acquireRunLease('r', holder('old'), 1, () => false);
    await new Promise((r) => setTimeout(r, 10));
    const takeovers = await Promise.all(Array.from({ length: 8 }, (_, i) => s.acquireRunLease('r', holder(`q${i}`), 60_000, () => false)));
    expect(takeovers.filter((a) => a === undefined)).toHaveLength(1);
  });

  it.skipIf(skip)('gives each worker disjoint claims, one per request key, and only unanswered trials', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    // Cases 1-4; both orders of case 4 send one request (one key); case 1 is answered already.
    await s.putTrials('r', [trial(1), trial(2), trial(3), trial(4, 'j', 'AB', 'shared'), trial(4, 'j', 'BA', 'shared')]);
    await s.putJudgments([judgment('k1ABj')]);
    const a = await s.claimTrials('r', holder('a'), { ttlMs: 60_000, limit: 2 });
    const b = await s.claimTrials('r', holder('b'), { ttlMs: 60_000 });
    const keysA = new Set(a.map((t) => t.key));
    const keysB = new Set(b.map((t) => t.key));
    expect(keysA.size).toBe(2);
    expect([...keysA].some((k) => keysB.has(k))).toBe(false);
    expect(new Set([...keysA, ...keysB])).toEqual(new Set(['k2ABj', 'k3ABj', 'shared']));
    // Every row of a claimed key comes back: both orders of case 4.
    expect([...a, ...b].filter((t) => t.key === 'shared')).toHaveLength(2);
    expect(await s.claimTrials('r', holder('c'), { ttlMs: 60_000 })).toEqual([]);
    expect(await s.pendingWork('r', 'c')).toEqual({ unanswered: 3, claimedByOthers: 3, claimable: 0, trials: 5 });
  });

  it.skipIf(skip)('takes over expired or released claims, never finished ones until the next session', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    await s.putTrials('r', [trial(1), trial(2), trial(3)]);
    expect(await s.claimTrials('r', holder('dies'), { ttlMs: 1, caseUids: ['brain/1'] })).toHaveLength(1);
    expect(await s.claimTrials('r', holder('leaves'), { ttlMs: 60_000, caseUids: ['brain/2'] })).toHaveLength(1);
    const failing = await s.claimTrials('r', holder('fails'), { ttlMs: 60_000, caseUids: ['brain/3'] });
    await s.putJudgments([judgment(failing[0]!.key, 'server error')]);
    await s.finishClaims('r', 'fails', [failing[0]!.key]);
    await s.releaseClaims('r', 'leaves');
    await new Promise((r) => setTimeout(r, 10));
    const taken = await s.claimTrials('r', holder('survivor'), { ttlMs: 60_000 });
    expect(taken.map((t) => t.key).sort()).toEqual(['k1ABj', 'k2ABj']);
    const workers = await s.workerClaims('r');
    expect(workers.find((w) => w.owner === 'survivor')).toMatchObject({ claimed: 2, done: 0 });
    expect(workers.find((w) => w.owner === 'fails')).toMatchObject({ claimed: 0, done: 1 });
    await s.renewClaims('r', 'survivor', 120_000);
    expect((await s.workerClaims('r')).find((w) => w.owner === 'survivor')!.expiresAt! > new Date(Date.now() + 60_000).toISOString()).toBe(true);
    // A new session may retry what failed in the last one.
    await s.resetClaims('r');
    expect((await s.claimTrials('r', holder('next'), { ttlMs: 60_000 })).map((t) => t.key)).toEqual(['k3ABj']);
  });

  it.skipIf(skip)('stores judgments and finishes their claims together, only those of the worker named', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    await s.putTrials('r', [trial(1), trial(2), trial(3)]);
    const mine = await s.claimTrials('r', holder('me'), { ttlMs: 60_000, caseUids: ['brain/1', 'brain/2'] });
    await s.claimTrials('r', holder('other'), { ttlMs: 60_000, caseUids: ['brain/3'] });
    await s.putJudgments([judgment(mine[0]!.key), judgment(mine[1]!.key, 'server error'), judgment('k3ABj')], { runId: 'r', owner: 'me' });
    const workers = await s.workerClaims('r');
    expect(workers.find((w) => w.owner === 'me')).toMatchObject({ claimed: 0, done: 2 });
    expect(workers.find((w) => w.owner === 'other')).toMatchObject({ claimed: 1, done: 0 });
    expect((await s.runResults('r')).map((r) => [r.key, r.judgment?.error ?? null])).toEqual([['k1ABj', null], ['k2ABj', 'server error'], ['k3ABj', null]]);
  });

  it.skipIf(skip)('hands 400 trials to eight concurrent claimers with no trial claimed twice', async () => {
    const first = await store();
    await first.openRun({ id: 'r', settings: {}, dataset: {} });
    await first.putTrials('r', Array.from({ length: 400 }, (_, n) => trial(n)));
    // Eight connections, as eight workers would have (the test server's URL has no password to hide).
    const others = await Promise.all(Array.from({ length: 7 }, () => openStore(first.location)));
    open.push(...others);
    const claimers = [first, ...others];
    const claimed: string[] = [];
    await Promise.all(
      claimers.map(async (s, i) => {
        for (;;) {
          const got = await s.claimTrials('r', holder(`w${i}`), { ttlMs: 60_000, limit: 7 });
          if (got.length === 0) return;
          claimed.push(...got.map((t) => t.key));
        }
      }),
    );
    expect(claimed).toHaveLength(400);
    expect(new Set(claimed).size).toBe(400);
  });
  it.skipIf(skip)('counts a run\'s trials, those judged and those failed, without reading outputs', async () => {
    const s = await store();
    await s.openRun({ id: 'r', settings: {}, dataset: {} });
    expect(await s.runProgress('r')).toEqual({ trials: 0, judged: 0, failed: 0 });
    await s.putCases('r', [aCase(1), aCase(2)], 0);
    await s.putTrials('r', [trial(1), trial(1, 'j', 'BA'), trial(2), trial(2, 'j', 'BA')]);
    await s.putJudgments([judgment(trial(1).key), judgment(trial(2).key, 'boom')]);
    expect(await s.runProgress('r')).toEqual({ trials: 4, judged: 2, failed: 1 });
    expect(await s.runProgress('other')).toEqual({ trials: 0, judged: 0, failed: 0 });
  });
});
