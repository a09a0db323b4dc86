import type { CaseRecord } from '../dataset/case.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store } from '../store/store.js';
import { summarizeJudge, type JudgeSummary } from './judge-summary.js';
import { officialTable, type OfficialRow } from './official-table.js';
import { scoreTrials, type ScoredTrial } from './outcome.js';

export interface RunScore {
  readonly run: RunRecord<RunSettings, RunDataset>;
  readonly parser: ParserName;
  readonly cases: readonly CaseRecord[];
  readonly scored: readonly ScoredTrial[];
  readonly officialRows: readonly OfficialRow[];
  readonly summaries: readonly JudgeSummary[];
}

/** Everything a report needs, computed from the store alone: no model is asked anything. */
export async function scoreRun(store: Store, runId: string, parser?: ParserName): Promise<RunScore> {
  const run = await store.getRun<RunSettings, RunDataset>(runId);
  if (!run) throw new Error(`no run ${runId} in the store ${store.location}`);
  const chosen = parser ?? run.settings.parser;
  const cases = await store.runCases(runId);
  const scored = scoreTrials(cases, await store.runResults(runId), chosen);
  const judges = run.settings.judges.map((j) => j.spec);
  return {
    run,
    parser: chosen,
    cases,
    scored,
    officialRows: officialTable(cases, scored, judges),
    summaries: judges.map((j) => summarizeJudge(j, cases, scored)),
  };
}
