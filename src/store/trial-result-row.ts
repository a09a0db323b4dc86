import type { Order } from '../protocol/verdict.js';
import type { ErrorKind, TrialResult } from './store.js';

/** The columns a trial result is read from, in order: the trial's, then its judgment's (null without one). */
export type TrialResultRow = readonly [
  caseUid: string, judge: string, order: string, sample: number, key: string, rawOutput: string | null, reasoning: string | null,
  inputTokens: number | null, outputTokens: number | null, latencyMs: number | null, attempts: number | null, error: string | null,
  errorKind: string | null, createdAt: string | null,
];

export function trialResult(r: TrialResultRow): TrialResult {
  const [caseUid, judge, order, sample, key, rawOutput, reasoning, inputTokens, outputTokens, latencyMs, attempts, error, errorKind, createdAt] = r;
  return {
    caseUid,
    judge,
    order: order as Order,
    sample,
    key,
    judgment:
      createdAt === null
        ? null
        : { key, judge, rawOutput, reasoning, inputTokens, outputTokens, latencyMs: latencyMs!, attempts: attempts!, error, errorKind: errorKind as ErrorKind | null, createdAt },
  };
}
