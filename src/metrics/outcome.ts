import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { JudgeMode } from '../protocol/judge-mode.js';
import { pairedVerdict } from '../protocol/paired-output.js';
import { verdictParser } from '../protocol/parsers.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { toDatasetOrder, type Verdict } from '../protocol/verdict.js';
import type { JudgmentRecord, TrialResult } from '../store/store.js';

/** How one trial fared on one dimension. Only `correct` counts as agreement; the rest are kept apart. */
export type Outcome = 'correct' | 'wrong' | 'tie' | 'parse-failure' | 'error' | 'missing';

export interface ScoredTrial {
  /** In the dataset's order; null when there is no answer to parse (error or not yet run). */
  readonly verdict: Verdict | null;
  readonly reason: string | null;
  readonly outcomes: Readonly<Record<Dimension, Outcome>>;
}

/**
 * The reference parsed the whole generated text, reasoning included. Servers that split reasoning
 * off (vLLM's and SGLang's reasoning parsers) return it apart, so official mode puts it back in
 * front, where the model wrote it, for the reference's defects to bite exactly as they did.
 */
export function parserInput(parser: ParserName, judgment: JudgmentRecord): string {
  const raw = judgment.rawOutput ?? '';
  return parser === 'official' && judgment.reasoning ? `<think>${judgment.reasoning}</think>${raw}` : raw;
}

/**
 * The verdict of one stored trial in the dataset's order, or null when it has no answer. Pairwise
 * output goes through the run's parser; pointwise and reward judges store one output per answer.
 */
export function trialVerdict(result: TrialResult, parserName: ParserName, mode: JudgeMode = 'pairwise'): { verdict: Verdict; reason: string | null } | null {
  const judgment = result.judgment;
  if (!judgment || judgment.rawOutput === null) return null;
  if (mode !== 'pairwise') {
    const paired = pairedVerdict(mode, judgment.rawOutput);
    return { verdict: paired.verdict, reason: paired.reason ?? null };
  }
  const parsed = verdictParser(parserName).parse(parserInput(parserName, judgment));
  return { verdict: toDatasetOrder(parsed.verdict, result.order), reason: parsed.reason ?? null };
}

/** One trial, parsed and compared with the expert labels: what reports show trial by trial. */
export function scoreTrial(c: CaseRecord, result: TrialResult, parserName: ParserName, mode: JudgeMode = 'pairwise'): ScoredTrial {
  const parsed = trialVerdict(result, parserName, mode);
  const outcomes = {} as Record<Dimension, Outcome>;
  for (const d of DIMENSIONS) {
    const v = parsed?.verdict[d];
    outcomes[d] = !v
      ? result.judgment?.error ? 'error' : 'missing'
      : !('choice' in v) ? 'parse-failure'
      : v.choice === 'tie' ? 'tie'
      : v.choice === c.labels[d] ? 'correct'
      : 'wrong';
  }
  return { verdict: parsed?.verdict ?? null, reason: parsed?.reason ?? null, outcomes };
}
