import { observedStatus } from '../../runner/run-status.js';
import { Hono } from 'hono';
import { RunNotFoundError } from '../../metrics/run-not-found-error.js';
import { DIMENSIONS } from '../../protocol/dimensions.js';
import type { RunDataset, RunSettings } from '../../runner/run-settings.js';
import type { RunRecord, Store } from '../../store/store.js';
import { localOnly } from '../local-only.js';
import { CaseImages, ImageUnavailableError } from './case-images.js';
import { filterFromQuery, matchesFilter, swapInconsistent } from './case-filter.js';
import { RunSnapshots, type CaseEntry, type RunSnapshot } from './run-snapshot.js';
import { webAssets } from './web-assets.js';

export interface ViewerOptions {
  readonly store: Store;
  /** Bootstrap resamples for the intervals the viewer shows (fewer than a report's: it re-scores live runs). */
  readonly resamples?: number;
  /** Re-read the browser files on every request (for working on the viewer). */
  readonly freshAssets?: boolean;
}

// Scripts and styles only from this server; images from it too (and data: for inline icons).
// Nothing inline runs, so text that slipped through escaping still could not execute.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

function runSummary(run: RunRecord<RunSettings, RunDataset>, progress: { trials: number; judged: number; failed: number }) {
  return {
    id: run.id,
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    judges: run.settings.judges.map((j) => j.spec),
    orders: run.settings.orders,
    parser: run.settings.parser,
    dataset: { path: run.dataset.path, cases: run.dataset.cases },
    // Trials are planned as cases are read, so a young run knows fewer than it will have.
    progress: { ...progress, expected: run.dataset.cases * run.settings.judges.length * run.settings.orders.length * run.settings.samples },
  };
}

function leaderboard(snapshot: RunSnapshot) {
  return snapshot.score.statistics.map((s) => {
    const o = s.dimensions.overall;
    return {
      judge: s.judge,
      mode: s.mode,
      costUsd: finite(s.costUsd),
      orders: s.orders,
      overall: { value: finite(o.accuracy.micro.value), low: finite(o.accuracy.micro.low), high: finite(o.accuracy.micro.high) },
      macro: finite(o.accuracy.macro.value),
      dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, finite(s.dimensions[d].accuracy.micro.value)])),
      swapConsistency: finite(o.position.swapConsistency),
      firstSlotRate: finite(o.position.firstSlotRate),
      kappa: finite(o.kappa),
      trials: s.trials,
      answered: s.answered,
      parseFailures: s.parseFailures,
      requestErrors: s.requestErrors,
      inputTokens: s.inputTokens,
      outputTokens: s.outputTokens,
      medianLatencyMs: finite(s.medianLatencyMs),
    };
  });
}

const distinct = (values: Iterable<string | undefined>) => [...new Set([...values].filter((v): v is string => v !== undefined))].sort();

function caseRow(entry: CaseEntry, judges: readonly string[], d: (typeof DIMENSIONS)[number]) {
  const c = entry.record;
  return {
    uid: c.uid,
    organ: c.organ,
    department: c.department ?? null,
    question: c.question.length > 280 ? `${c.question.slice(0, 279)}…` : c.question,
    label: c.labels[d],
    judges: judges.map((judge) => ({
      judge,
      swapInconsistent: swapInconsistent(entry.trials, judge, d),
      trials: entry.trials
        .filter((t) => t.judge === judge && t.sample === 0)
        .map((t) => {
          const v = t.verdict?.[d];
          return { order: t.order, choice: v && 'choice' in v ? v.choice : null, outcome: t.outcomes[d] };
        }),
    })),
  };
}

function caseDetail(runId: string, runStatus: string, entry: CaseEntry, judges: readonly string[]) {
  const c = entry.record;
  return {
    runStatus,
    case: {
      uid: c.uid, organ: c.organ, questionId: c.questionId, department: c.department ?? null, modality: c.modality ?? null,
      bodyPart: c.bodyPart ?? null, questionType: c.questionType ?? null, source: c.source ?? null, imageId: c.imageId ?? null,
      question: c.question, answerA: c.answerA, answerB: c.answerB, labels: c.labels, imageMime: c.imageMime, imageSize: c.imageSize,
    },
    image: `/api/runs/${encodeURIComponent(runId)}/image?uid=${encodeURIComponent(c.uid)}`,
    swapInconsistent: Object.fromEntries(judges.map((j) => [j, Object.fromEntries(DIMENSIONS.map((d) => [d, swapInconsistent(entry.trials, j, d)]))])),
    trials: entry.trials.map((t) => ({
      judge: t.judge,
      mode: t.mode,
      order: t.order,
      sample: t.sample,
      verdict: t.verdict,
      outcomes: t.outcomes,
      reason: t.reason,
      rawOutput: t.judgment?.rawOutput ?? null,
      reasoning: t.judgment?.reasoning ?? null,
      inputTokens: t.judgment?.inputTokens ?? null,
      outputTokens: t.judgment?.outputTokens ?? null,
      latencyMs: t.judgment ? Math.round(t.judgment.latencyMs) : null,
      attempts: t.judgment?.attempts ?? null,
      error: t.judgment?.error ?? null,
      errorKind: t.judgment?.errorKind ?? null,
      judgedAt: t.judgment?.createdAt ?? null,
    })),
  };
}

/**
 * The viewer's HTTP app: its browser files, and a read-only JSON API over the store. Every answer is
 * read from the store when asked, so the viewer follows a run that is still being written.
 */
export function viewerApp(options: ViewerOptions): Hono {
  const { store } = options;
  const snapshots = new RunSnapshots(store, { resamples: options.resamples ?? 500, minAgeMs: 4000 });
  const images = new CaseImages();
  const assets = webAssets(options.freshAssets ?? false);
  const app = new Hono();
  app.use('*', localOnly({ contentSecurityPolicy: CSP }));

  app.onError((error, c) => {
    if (error instanceof RunNotFoundError) return c.json({ error: error.message }, 404);
    return c.json({ error: error.message }, 500);
  });

  const run = async (id: string) => (await store.getRun<RunSettings, RunDataset>(id)) ?? null;

  app.get('/api/runs', async (c) => {
    const runs = (await store.listRuns()) as RunRecord<RunSettings, RunDataset>[];
    return c.json({ store: store.location, runs: await Promise.all(runs.map(async (r) => runSummary({ ...r, status: await observedStatus(store, r) }, await store.runProgress(r.id)))) });
  });

  app.get('/api/runs/:id', async (c) => {
    const record = await run(c.req.param('id'));
    if (!record) return c.json({ error: `no run ${c.req.param('id')} in the store` }, 404);
    const snapshot = await snapshots.get(record.id);
    const cases = snapshot.entries.map((e) => e.record);
    return c.json({
      run: runSummary({ ...snapshot.score.run, status: await observedStatus(store, record) }, await store.runProgress(record.id)),
      scoredParser: snapshot.score.parser,
      resamples: snapshot.score.resamples,
      leaderboard: leaderboard(snapshot),
      facets: {
        organs: distinct(cases.map((x) => x.organ)),
        departments: distinct(cases.map((x) => x.department)),
        judges: record.settings.judges.map((j) => j.spec),
        dimensions: DIMENSIONS,
      },
    });
  });

  app.get('/api/runs/:id/cases', async (c) => {
    const record = await run(c.req.param('id'));
    if (!record) return c.json({ error: `no run ${c.req.param('id')} in the store` }, 404);
    const snapshot = await snapshots.get(record.id);
    const filter = filterFromQuery(c.req.query());
    const judges = record.settings.judges.map((j) => j.spec);
    const matched = snapshot.entries.filter((e) => matchesFilter(e, filter, judges));
    const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 200) || 200));
    const shownJudges = filter.judge ? [filter.judge] : judges;
    return c.json({
      total: snapshot.entries.length,
      matched: matched.length,
      dimension: filter.dimension,
      uids: matched.map((e) => e.record.uid),
      cases: matched.slice(offset, offset + limit).map((e) => caseRow(e, shownJudges, filter.dimension)),
    });
  });

  app.get('/api/runs/:id/case', async (c) => {
    const record = await run(c.req.param('id'));
    if (!record) return c.json({ error: `no run ${c.req.param('id')} in the store` }, 404);
    const entry = (await snapshots.get(record.id)).byUid.get(c.req.query('uid') ?? '');
    if (!entry) return c.json({ error: 'no such case in this run' }, 404);
    return c.json(caseDetail(record.id, record.status, entry, record.settings.judges.map((j) => j.spec)));
  });

  // Only images of cases stored with the run, found by the case's id: the request names no file.
  app.get('/api/runs/:id/image', async (c) => {
    const record = await run(c.req.param('id'));
    if (!record) return c.json({ error: `no run ${c.req.param('id')} in the store` }, 404);
    const entry = (await snapshots.get(record.id)).byUid.get(c.req.query('uid') ?? '');
    if (!entry) return c.json({ error: 'no such case in this run' }, 404);
    try {
      const image = await images.get(record.dataset.path, entry.record);
      return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': entry.record.imageMime, 'Cache-Control': 'private, max-age=3600' });
    } catch (error) {
      if (error instanceof ImageUnavailableError) return c.json({ error: error.message }, 404);
      throw error;
    }
  });

  app.get('/api/*', (c) => c.json({ error: 'no such endpoint' }, 404));

  app.get('/assets/:name', (c) => {
    const asset = assets(c.req.param('name'));
    if (!asset) return c.json({ error: 'no such file' }, 404);
    return c.body(asset.body, 200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' });
  });

  // Every other path is a page of the app: the browser code reads the route from the URL.
  app.get('*', (c) => {
    const page = assets('index.html')!;
    return c.body(page.body, 200, { 'Content-Type': page.type, 'Cache-Control': 'no-cache' });
  });
  return app;
}
