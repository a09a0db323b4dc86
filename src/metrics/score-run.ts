import type { CaseRecord } from '../dataset/case.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store, TrialResult } from '../store/store.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, stratifiedResamples } from './bootstrap.js';
import { caseTable, type CaseTable } from './case-table.js';
import { judgeStatistics, type JudgeStatistics } from './judge-statistics.js';
import { officialTable, type OfficialRow } from './official-table.js';
import { judgeMatrices, mergeMatrices, type JudgeMatrix, type JudgeToScore } from './judge-matrix.js';
import { ScoringThread, worthASecondThread } from './scoring-thread.js';
import { tokenCost } from '../judges/token-cost.js';
import { modeOfSettings, type JudgeMode } from '../protocol/judge-mode.js';
import { RunNotFoundError } from './run-not-found-error.js';
import { readSqliteResults } from '../store/sqlite-results-read.js';

/** The judges of a run as scoring needs them, from the settings stored with it. */
export function judgesToScore(settings: RunSettings): JudgeToScore[] {
  return settings.judges.map((j) => ({
    judge: j.spec,
    mode: modeOfSettings(j.settings),
    samples: typeof j.settings.samples === 'number' ? j.settings.samples : 1,
  }));
}

export interface ScoreOptions {
  /** The run's own parser when absent. */
  readonly parser?: ParserName;
  readonly resamples?: number;
  readonly seed?: number;
  /** Intervals of the figures beyond accuracy per organ system, department and question type too (about ten times their work). */
  readonly groupIntervals?: boolean;
}

export interface RunScore {
  readonly run: RunRecord<RunSettings, RunDataset>;
  readonly parser: ParserName;
  readonly resamples: number;
  readonly seed: number;
  readonly groupIntervals: boolean;
  /** Where the run is: trial-by-trial reports read its trials from there (`scoredTrials`), a page at a time. */
  readonly store: Store;
  readonly cases: readonly CaseRecord[];
  readonly table: CaseTable;
  readonly matrices: readonly JudgeMatrix[];
  /** How each judge's stored output is read (pairwise, pointwise, reward). */
  readonly modes: ReadonlyMap<string, JudgeMode>;
  readonly officialRows: readonly OfficialRow[];
  readonly statistics: readonly JudgeStatistics[];
}

/** Everything a report needs, computed from the store alone: no model is asked anything. */
export async function scoreRun(store: Store, runId: string, options: ScoreOptions = {}): Promise<RunScore> {
  const run = await store.getRun<RunSettings, RunDataset>(runId);
  if (!run) throw new RunNotFoundError(runId, store.location);
  const parser = options.parser ?? run.settings.parser;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const groupIntervals = options.groupIntervals ?? false;
  const judges = judgesToScore(run.settings);
  // Started first, so the thread's start-up overlaps the reading of the cases.
  const thread = worthASecondThread(judges.length, run.dataset.cases, resamples) ? ScoringThread.start() : undefined;
  try {
    const cases = await store.runCases(runId);
    const table = caseTable(cases);
    const matrices = await readMatrices(store, runId, { table, judges, orders: run.settings.orders, parser }, thread);
    const statistics = await judgeStatistics(table, matrices, stratifiedResamples(table.groups.organ.of, resamples, seed), thread, { groupIntervals });
    return {
      run,
      parser,
      resamples,
      seed,
      groupIntervals,
      store,
      cases,
      table,
      matrices,
      modes: new Map(judges.map((j) => [j.judge, j.mode])),
      officialRows: officialTable(table, matrices),
      statistics: statistics.map((s) => {
        const price = run.settings.prices?.[s.judge];
        return price ? { ...s, costUsd: tokenCost(price, s.inputTokens, s.outputTokens) } : s;
      }),
    };
  } finally {
    thread?.close();
  }
}

// The second thread's share of the cases to read. It starts later than this thread (a new isolate
// loading its modules), so it gets a little less than half.
const SECOND_READ_SHARE = 0.45;

/**
 * Every stored trial of the judges, parsed into their matrices. A SQLite store is read a row at a
 * time on a connection of its own, each trial parsed as it comes; with a second thread, that
 * thread reads and parses some of the cases while this thread does the rest: reading and parsing
 * are a third of the scoring of a large run. Other stores are read whole, through the store.
 */
async function readMatrices(
  store: Store,
  runId: string,
  how: { table: CaseTable; judges: readonly JudgeToScore[]; orders: RunSettings['orders']; parser: ParserName },
  thread: ScoringThread | undefined,
): Promise<JudgeMatrix[]> {
  const { table, judges, orders, parser } = how;
  const parse = (results: Iterable<TrialResult>) => judgeMatrices(table, results, judges, orders, parser);
  const split = Math.round(table.n * (1 - SECOND_READ_SHARE));
  const mine = table.uids.slice(0, split);
  const theirs = table.uids.slice(split);
  // Only a SQLite file can be read on another connection (a PostgreSQL location is shown without its password).
  const whole = store.sqliteResultsRead?.(runId);
  if (!whole) return parse(await store.runResults(runId, { ordered: false }));
  if (!thread) return parse(readSqliteResults(whole));
  const remote = thread.read({ read: store.sqliteResultsRead!(runId, theirs)!, table, judges, orders, parser });
  // Its failure is seen when awaited; until then this thread reads on.
  remote.catch(() => {});
  const local = parse(readSqliteResults(store.sqliteResultsRead!(runId, mine)!));
  const other = await remote.catch(() => parse(readSqliteResults(store.sqliteResultsRead!(runId, theirs)!)));
  return mergeMatrices([local, other]);
}
