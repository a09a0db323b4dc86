import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { Order } from '../protocol/verdict.js';
import { organsInOrder } from './official-table.js';
import type { Outcome, ScoredTrial } from './outcome.js';

export type OutcomeCounts = Record<Outcome, number>;

export interface DimensionSummary {
  /** Pooled over all cases, dataset order, first sample. */
  readonly microAccuracy: number;
  /** Mean of the per-organ accuracies: every organ system weighs the same. */
  readonly macroAccuracy: number;
  readonly cases: number;
  readonly outcomes: OutcomeCounts;
  /** Accuracy in each order judged (first sample). */
  readonly accuracyByOrder: Partial<Record<Order, number>>;
  /** With both orders: share of cases whose verdict, mapped back to the dataset's answers, is the same in both. */
  readonly swapConsistency?: number;
}

export interface JudgeSummary {
  readonly judge: string;
  readonly trials: number;
  readonly answered: number;
  /** Trials whose request failed after every retry. */
  readonly requestErrors: number;
  /** Trials with an answer in which at least one dimension could not be parsed. */
  readonly parseFailures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly medianLatencyMs: number | null;
  readonly dimensions: Readonly<Record<Dimension, DimensionSummary>>;
}

const emptyCounts = (): OutcomeCounts => ({ correct: 0, wrong: 0, tie: 0, 'parse-failure': 0, error: 0, missing: 0 });

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarizeJudge(judge: string, cases: readonly CaseRecord[], scored: readonly ScoredTrial[]): JudgeSummary {
  const mine = scored.filter((t) => t.judge === judge);
  const first = mine.filter((t) => t.sample === 0);
  const original = first.filter((t) => t.order === 'AB');
  const casesPerOrgan = new Map<string, number>();
  for (const c of cases) casesPerOrgan.set(c.organ, (casesPerOrgan.get(c.organ) ?? 0) + 1);
  const orders = [...new Set(first.map((t) => t.order))];

  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d): [Dimension, DimensionSummary] => {
      const outcomes = emptyCounts();
      for (const t of original) outcomes[t.outcomes[d]]++;
      const correctByOrgan = new Map<string, number>();
      for (const t of original) if (t.outcomes[d] === 'correct') correctByOrgan.set(t.organ, (correctByOrgan.get(t.organ) ?? 0) + 1);
      const organs = organsInOrder(cases);
      const macroAccuracy = organs.length === 0 ? 0 : organs.reduce((sum, o) => sum + (correctByOrgan.get(o) ?? 0) / casesPerOrgan.get(o)!, 0) / organs.length;
      const accuracyByOrder = Object.fromEntries(
        orders.map((o) => [o, first.filter((t) => t.order === o && t.outcomes[d] === 'correct').length / Math.max(1, cases.length)]),
      );
      return [
        d,
        {
          microAccuracy: cases.length === 0 ? 0 : outcomes.correct / cases.length,
          macroAccuracy,
          cases: cases.length,
          outcomes,
          accuracyByOrder,
          ...(orders.length === 2 ? { swapConsistency: swapConsistency(first, d, cases.length) } : {}),
        },
      ];
    }),
  ) as Record<Dimension, DimensionSummary>;

  const judgments = mine.map((t) => t.result.judgment).filter((j) => j !== null);
  return {
    judge,
    trials: mine.length,
    answered: judgments.filter((j) => j.rawOutput !== null).length,
    requestErrors: mine.filter((t) => t.outcomes.overall === 'error').length,
    parseFailures: mine.filter((t) => t.verdict !== null && DIMENSIONS.some((d) => t.outcomes[d] === 'parse-failure')).length,
    inputTokens: judgments.reduce((sum, j) => sum + (j.inputTokens ?? 0), 0),
    outputTokens: judgments.reduce((sum, j) => sum + (j.outputTokens ?? 0), 0),
    medianLatencyMs: median(judgments.filter((j) => j.rawOutput !== null).map((j) => j.latencyMs)),
    dimensions,
  };
}

/** A case counts as consistent only when both orders gave a choice and it is the same answer. */
function swapConsistency(first: readonly ScoredTrial[], d: Dimension, cases: number): number {
  const byCase = new Map<string, Partial<Record<Order, string>>>();
  for (const t of first) {
    const v = t.verdict?.[d];
    if (!v || !('choice' in v)) continue;
    const entry = byCase.get(t.caseUid) ?? {};
    entry[t.order] = v.choice;
    byCase.set(t.caseUid, entry);
  }
  let consistent = 0;
  for (const entry of byCase.values()) if (entry.AB !== undefined && entry.AB === entry.BA) consistent++;
  return cases === 0 ? 0 : consistent / cases;
}
