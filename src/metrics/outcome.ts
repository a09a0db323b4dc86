import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { verdictParser } from '../protocol/parsers.js';
import { toDatasetOrder, type Order, type Verdict } from '../protocol/verdict.js';
import type { TrialResult } from '../store/store.js';

/** How one trial fared on one dimension. Only `correct` counts as agreement; the rest are kept apart. */
export type Outcome = 'correct' | 'wrong' | 'tie' | 'parse-failure' | 'error' | 'missing';

export interface ScoredTrial {
  readonly caseUid: string;
  readonly organ: string;
  readonly judge: string;
  readonly order: Order;
  readonly sample: number;
  /** In the dataset's order; null when there is no answer to parse (error or not yet run). */
  readonly verdict: Verdict | null;
  readonly reason: string | null;
  readonly outcomes: Readonly<Record<Dimension, Outcome>>;
  readonly result: TrialResult;
}

const allOutcomes = (outcome: Outcome) => Object.fromEntries(DIMENSIONS.map((d) => [d, outcome])) as Record<Dimension, Outcome>;

/**
 * The reference parsed the whole generated text, reasoning included. Servers that split reasoning
 * off (vLLM's and SGLang's reasoning parsers) return it apart, so official mode puts it back in
 * front, where the model wrote it, for the reference's defects to bite exactly as they did.
 */
function parserInput(parser: ParserName, raw: string, reasoning: string | null): string {
  return parser === 'official' && reasoning ? `<think>${reasoning}</think>${raw}` : raw;
}

/** Parses every stored raw output with the chosen parser and compares it with the expert labels. */
export function scoreTrials(cases: readonly CaseRecord[], results: readonly TrialResult[], parserName: ParserName): ScoredTrial[] {
  const parser = verdictParser(parserName);
  const byUid = new Map(cases.map((c) => [c.uid, c]));
  const scored: ScoredTrial[] = [];
  for (const result of results) {
    const c = byUid.get(result.caseUid);
    if (!c) continue;
    const base = { caseUid: c.uid, organ: c.organ, judge: result.judge, order: result.order, sample: result.sample, result };
    const judgment = result.judgment;
    if (!judgment || judgment.rawOutput === null) {
      const outcome: Outcome = judgment?.error ? 'error' : 'missing';
      scored.push({ ...base, verdict: null, reason: null, outcomes: allOutcomes(outcome) });
      continue;
    }
    const parsed = parser.parse(parserInput(parserName, judgment.rawOutput, judgment.reasoning));
    const verdict = toDatasetOrder(parsed.verdict, result.order);
    const outcomes = {} as Record<Dimension, Outcome>;
    for (const d of DIMENSIONS) {
      const v = verdict[d];
      outcomes[d] = !('choice' in v) ? 'parse-failure' : v.choice === 'tie' ? 'tie' : v.choice === c.labels[d] ? 'correct' : 'wrong';
    }
    scored.push({ ...base, verdict, reason: parsed.reason ?? null, outcomes });
  }
  return scored;
}
