import type { CaseRecord } from '../dataset/case.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store, TrialResult } from '../store/store.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, stratifiedResamples } from './bootstrap.js';
import { caseTable, type CaseTable } from './case-table.js';
import { judgeStatistics, type JudgeStatistics } from './judge-statistics.js';
import { officialTable, type OfficialRow } from './official-table.js';
import { judgeMatrices, type JudgeMatrix, type JudgeToScore } from './judge-matrix.js';
import { tokenCost } from '../judges/token-cost.js';
import { modeOfSettings, type JudgeMode } from '../protocol/judge-mode.js';

/** The judges of a run as scoring needs them, from the settings stored with it. */
export function judgesToScore(settings: RunSettings): JudgeToScore[] {
  return settings.judges.map((j) => ({
    judge: j.spec,
    mode: modeOfSettings(j.settings),
    samples: typeof j.settings.samples === 'number' ? j.settings.samples : 1,
  }));
}

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
  readonly table: CaseTable;
  /** Every stored trial of the run, with its judgment: what trial-by-trial reports read. */
  readonly results: readonly TrialResult[];
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
  const cases = await store.runCases(runId);
  const results = await store.runResults(runId);
  const table = caseTable(cases);
  const judges = judgesToScore(run.settings);
  const matrices = judgeMatrices(table, results, judges, run.settings.orders, parser);
  return {
    run,
    parser,
    resamples,
    seed,
    cases,
    table,
    results,
    matrices,
    modes: new Map(judges.map((j) => [j.judge, j.mode])),
    officialRows: officialTable(table, matrices),
    statistics: (await judgeStatistics(table, matrices, stratifiedResamples(table.groups.organ.of, resamples, seed))).map((s) => {
      const price = run.settings.prices?.[s.judge];
      return price ? { ...s, costUsd: tokenCost(price, s.inputTokens, s.outputTokens) } : s;
    }),
  };
}
