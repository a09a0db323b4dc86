import { resolve } from 'node:path';
import type { Case } from '../dataset/case.js';
import { caseRecord } from '../dataset/case.js';
import { DataError } from '../dataset/data-problem.js';
import { resolveDatasetSource } from '../dataset/dataset-source.js';
import { readDataset } from '../dataset/read-dataset.js';
import { checkDataset, type DatasetCheck } from '../dataset/validate-dataset.js';
import { sameStamp, stampDataset, type DatasetStamp } from '../dataset/dataset-stamp.js';
import type { Judge, PreparedTrial } from '../judges/judge.js';
import { createJudge } from '../judges/judge-spec.js';
import { JudgeSpecError } from '../judges/judge-spec-error.js';
import { Endpoints } from '../providers/endpoint.js';
import { withoutKeys } from '../providers/provider-config.js';
import type { Order } from '../protocol/verdict.js';
import type { Store, TrialRecord } from '../store/store.js';
import type { JoinOptions, RunOptions } from './run-benchmark.js';
import { deriveRunId, type RunDataset, type RunSettings } from './run-settings.js';
import { JoinError } from './join-error.js';

export interface WorkItem {
  readonly judge: Judge;
  readonly trial: PreparedTrial;
}

// Cases are stored and planned in batches: one transaction per batch, and one lookup of answered keys.
const PLAN_BATCH = 32;

export interface PreparedRun {
  readonly source: ReturnType<typeof resolveDatasetSource>;
  readonly judges: readonly Judge[];
  readonly check: DatasetCheck;
  readonly settings: RunSettings;
  readonly dataset: RunDataset;
  readonly runId: string;
  /**
   * The run was completed on these very files (their stamp) by this code, and last updated then:
   * its check is the stored one, and unless its trials say otherwise there is nothing to plan or send.
   */
  readonly finishedAt?: string;
}

/**
 * What every use of a run needs first: its judges, its checked dataset, its settings and its id.
 * Given the store, a run it holds as completed on unchanged files is not checked again.
 */
export async function prepareRun(options: RunOptions, how: { offline?: boolean; store?: Store } = {}): Promise<PreparedRun> {
  const source = resolveDatasetSource(options.data);
  // A judge's endpoint adapts below its own concurrency, or below the run's.
  // Judges on one server share its limit and its 429 back-off.
  const endpoints = new Endpoints();
  const make = () => options.judges.map((config) => createJudge({ ...config, concurrency: config.concurrency ?? options.concurrency }, endpoints));
  const judges = how.offline ? withoutKeys(make) : make();
  const names = judges.map((j) => j.spec);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) throw new JudgeSpecError(`two judges are both named "${repeated[0]}"; give them different names`);
  const prices = Object.fromEntries(options.judges.flatMap((config, i) => (config.price ? [[judges[i]!.spec, config.price] as const] : [])));
  const settings: RunSettings = {
    // The whole config (variable names, never keys) lets a worker on another machine rebuild the judges.
    judges: judges.map((j, i) => ({ spec: j.spec, settings: j.settings, config: options.judges[i]! })),
    orders: options.orders,
    samples: Math.max(...judges.map((j) => j.samples)),
    parser: options.parser,
    ...(Object.keys(prices).length > 0 ? { prices } : {}),
  };
  const organs = options.organs ?? null;
  const runId = options.runId ?? deriveRunId(resolve(options.data), organs, settings);
  // Taken before the files are read: a write during the check leaves them unlike their stamp.
  const stamp = stampDataset(source);
  const finished = how.store && stamp ? await finishedRun(how.store, runId, { path: source.path, organs, settings, stamp }) : undefined;
  const check = finished?.check ?? (await checkDataset(source, options.organs ? { organs: options.organs } : {}));
  if (check.problems.length > 0 && !options.skipInvalid) {
    throw new DataError(check.problems, 'no request was sent; fix them, or pass --skip-invalid to judge the valid cases only');
  }
  if (check.cases === 0) throw new DataError([...check.problems, { file: options.data, message: 'no valid cases to judge' }], 'nothing to judge');
  const dataset: RunDataset = {
    path: source.path,
    organs,
    fingerprint: check.fingerprint,
    cases: check.cases,
    casesByOrgan: check.casesByOrgan,
    skipped: [...check.invalidCases],
    problems: check.problems.length,
    labelShareA: check.labelShareA,
    // Images read from files of their own are not stamped: the dataset is checked again each time.
    ...(stamp && check.imageFiles === 0 ? { stamp } : {}),
  };
  return { source, judges, check, settings, dataset, runId, ...(finished ? { finishedAt: finished.at } : {}) };
}

/**
 * The stored check of a run completed on this very data (its path, organ systems and files as
 * stamped) with these settings, when it found nothing wrong, and when the run was last updated: the
 * same files give the same cases, so they are not read again to find it.
 */
async function finishedRun(
  store: Store,
  runId: string,
  now: { path: string; organs: readonly string[] | null; settings: RunSettings; stamp: DatasetStamp },
): Promise<{ check: DatasetCheck; at: string } | undefined> {
  const run = await store.getRun<RunSettings, RunDataset>(runId);
  const d = run?.dataset;
  if (!run || run.status !== 'completed' || !d || !sameStamp(d.stamp, now.stamp) || !d.labelShareA || d.problems > 0 || d.skipped.length > 0) return undefined;
  // A run named with --run keeps its id when its data, organ systems or judges' settings change.
  const sorted = (organs: readonly string[] | null) => (organs ? [...organs].sort() : null);
  if (d.path !== now.path || JSON.stringify(sorted(d.organs)) !== JSON.stringify(sorted(now.organs))) return undefined;
  if (JSON.stringify(run.settings) !== JSON.stringify(now.settings)) return undefined;
  const check = { cases: d.cases, casesByOrgan: d.casesByOrgan, problems: [], invalidCases: new Set<string>(), labelShareA: d.labelShareA, fingerprint: d.fingerprint, imageFiles: 0 };
  return { check, at: run.updatedAt };
}

export async function* readValidCases(source: ReturnType<typeof resolveDatasetSource>, options: { organs?: readonly string[] | null }, check: DatasetCheck): AsyncGenerator<Case> {
  for await (const item of readDataset(source, options.organs ? { organs: options.organs } : {})) {
    if (item.kind === 'case' && !check.invalidCases.has(item.case.uid)) yield item.case;
  }
}

/**
 * Stores cases and trials batch by batch and yields the trials the store has no answer for, each
 * key once: what `mrb run` sends and `mrb batch export` writes.
 */
export async function* planTrials(
  store: Store,
  runId: string,
  cases: AsyncIterable<Case>,
  judges: readonly Judge[],
  orders: readonly Order[],
  inFlight: Set<string>,
  events: { onCase(uid: string): void; onReused(count: number): void },
): AsyncGenerator<WorkItem> {
  let position = 0;
  let batch: Case[] = [];
  const flush = async function* (): AsyncGenerator<WorkItem> {
    await store.putCases(runId, batch.map(caseRecord), position);
    position += batch.length;
    const work: Array<WorkItem & { record: TrialRecord }> = [];
    for (const c of batch) {
      for (const judge of judges) {
        for (const order of orders) {
          for (let sample = 0; sample < judge.samples; sample++) {
            const trial = judge.prepare({ case: c, order, sample });
            work.push({ judge, trial, record: { caseUid: c.uid, judge: judge.spec, order, sample, key: trial.key } });
          }
        }
      }
    }
    batch = [];
    await store.putTrials(runId, work.map((w) => w.record));
    const answered = await store.answeredKeys(work.map((w) => w.record.key));
    let reused = 0;
    const pending: WorkItem[] = [];
    for (const w of work) {
      if (answered.has(w.trial.key) || inFlight.has(w.trial.key)) reused++;
      else {
        inFlight.add(w.trial.key);
        pending.push(w);
      }
    }
    if (reused > 0) events.onReused(reused);
    yield* pending;
  };
  for await (const c of cases) {
    events.onCase(c.uid);
    batch.push(c);
    if (batch.length >= PLAN_BATCH) yield* flush();
  }
  if (batch.length > 0) yield* flush();
}

/**
 * A worker joining a run made elsewhere: the run's judges are rebuilt from their stored configs
 * (against this worker's own server when it names one) and its dataset is checked again here.
 */
export async function prepareJoin(store: Store, join: JoinOptions): Promise<PreparedRun> {
  const run = await store.getRun<RunSettings, RunDataset>(join.runId);
  if (!run) throw new JoinError(`no run ${join.runId} in the store ${store.location} to join (\`mrb runs\` lists the runs)`);
  const configs = run.settings.judges.map((j) => {
    if (!j.config) throw new JoinError(`run ${run.id} was made by an older med-rewardbench that did not record its judges' configs; it cannot be joined`);
    return join.baseUrls && !j.config.spec.startsWith('baseline:') ? { ...j.config, baseUrls: join.baseUrls } : j.config;
  });
  const endpoints = new Endpoints();
  const judges = configs.map((config) => createJudge(config, endpoints));
  const source = resolveDatasetSource(join.data ?? run.dataset.path);
  const organs = run.dataset.organs;
  const check = await checkDataset(source, organs ? { organs } : {});
  if (check.fingerprint !== run.dataset.fingerprint) {
    throw new JoinError(`the dataset at ${source.path} is not the one run ${run.id} was made on (its content differs); pass --data with this machine's copy`);
  }
  return { source, judges, check, settings: run.settings, dataset: run.dataset, runId: run.id };
}
