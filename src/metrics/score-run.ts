import type { CaseRecord } from '../dataset/case.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store } from '../store/store.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, stratifiedResamples } from './bootstrap.js';
import { caseTable } from './case-table.js';
import { judgeStatistics, type JudgeStatistics } from './judge-statistics.js';
import { officialTable, type OfficialRow } from './official-table.js';
import { scoreTrials, type ScoredTrial } from './outcome.js';

export class RunNotFoundError extends Error {
  constructor(runId: string, location: string) {
    super(`no run ${runId} in the store ${location} (\`mrb runs\` lists the runs)`);
    this.name = 'RunNotFoundError';
  }
}

export interface ScoreOptions {
  /** The run's own parser when absent. */
  readonly parser?: ParserName;
  readonly resamples?: number;
  readonly seed?: number;
}

export interface RunScore {
  readonly run: RunRecord<RunSettings, RunDataset>;
  readonly parser: ParserName;
  readonly resamples: number;
  readonly seed: number;
  readonly cases: readonly CaseRecord[];
  readonly scored: readonly ScoredTrial[];
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
  const cases = await store.runCases(runId);
  const scored = scoreTrials(cases, await store.runResults(runId), parser);
  const judges = run.settings.judges.map((j) => j.spec);
  const table = caseTable(cases);
  return {
    run,
    parser,
    resamples,
    seed,
    cases,
    scored,
    officialRows: officialTable(cases, scored, judges),
    statistics: judgeStatistics(table, scored, judges, run.settings.orders, stratifiedResamples(table.groups.organ.of, resamples, seed)),
  };
}
