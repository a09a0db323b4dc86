import type { CaseRecord } from '../dataset/case.js';
import { scoreTrial, type ScoredTrial } from '../metrics/outcome.js';
import type { RunScore } from '../metrics/score-run.js';
import type { TrialResult } from '../store/store.js';
import { compareCodeUnits } from '../store/trial-order.js';

export interface TrialOfRun {
  readonly case: CaseRecord;
  readonly result: TrialResult;
  readonly scored: ScoredTrial;
}

// Cases whose trials are read from the store at a time: a large run's trials are never all in memory.
const CASES_PER_PAGE = 500;

/**
 * Every trial of the run beside its case and its verdict scored against the labels, one at a time,
 * in the store's trial order (case, judge, order, sample).
 */
export async function* scoredTrials(score: RunScore): AsyncGenerator<TrialOfRun> {
  const byUid = new Map(score.cases.map((c) => [c.uid, c]));
  const uids = score.cases.map((c) => c.uid).sort(compareCodeUnits);
  for (let start = 0; start < uids.length; start += CASES_PER_PAGE) {
    for (const result of await score.store.runResults(score.run.id, { cases: uids.slice(start, start + CASES_PER_PAGE) })) {
      const c = byUid.get(result.caseUid)!;
      yield { case: c, result, scored: scoreTrial(c, result, score.parser, score.modes.get(result.judge)) };
    }
  }
}
