import type { CaseRecord } from '../dataset/case.js';
import { scoreTrial, type ScoredTrial } from '../metrics/outcome.js';
import type { RunScore } from '../metrics/score-run.js';
import type { TrialResult } from '../store/store.js';

export interface TrialOfRun {
  readonly case: CaseRecord;
  readonly result: TrialResult;
  readonly scored: ScoredTrial;
}

/** Every trial of the run beside its case and its verdict scored against the labels, one at a time. */
export function* scoredTrials(score: RunScore): Generator<TrialOfRun> {
  const byUid = new Map(score.cases.map((c) => [c.uid, c]));
  for (const result of score.results) {
    const c = byUid.get(result.caseUid);
    if (!c) continue;
    yield { case: c, result, scored: scoreTrial(c, result, score.parser, score.modes.get(result.judge)) };
  }
}
