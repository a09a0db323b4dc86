import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { JudgeMode } from '../protocol/judge-mode.js';
import type { Order } from '../protocol/verdict.js';
import type { AccuracyEstimates } from './accuracy-bootstrap.js';
import { bootstrapInParallel } from './parallel-bootstrap.js';
import type { ScoringThread } from './scoring-thread.js';
import type { Resamples } from './bootstrap.js';
import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { caseSlots, FigureCounts, type CountedFigures } from './figure-counts.js';
import type { FigureIntervals } from './figure-intervals.js';
import { correctCounts, VERDICT, type JudgeMatrix, type TrialCounts } from './judge-matrix.js';
import type { Outcome } from './outcome.js';

export type OutcomeCounts = Record<Outcome, number>;

export interface PositionFigures {
  /** Share of cases whose verdict, mapped back to the dataset's answers, is the same in both orders. */
  readonly swapConsistency: number | null;
  /** Share of cases right in both orders: accuracy counting only swap-consistent verdicts. */
  readonly consistentAccuracy: number | null;
  /** Share of A/B choices that went to the answer shown first; 0.5 is no position bias. */
  readonly firstSlotRate: number | null;
}

export interface LengthFigures {
  /** Share of A/B choices between answers of unequal length that went to the longer one. */
  readonly prefersLonger: number | null;
  /** Accuracy on cases whose experts preferred the longer answer, and on those preferring the shorter. */
  readonly accuracyWhenExpertsPreferLonger: number | null;
  readonly accuracyWhenExpertsPreferShorter: number | null;
  readonly casesExpertsPreferLonger: number;
  readonly casesExpertsPreferShorter: number;
}

/** Every figure but accuracy's interval: for all cases, and for each group of cases. */
export interface DimensionFigures {
  readonly accuracyByOrder: Partial<Record<Order, number>>;
  /** Every first-sample trial, each order counted. */
  readonly outcomes: OutcomeCounts;
  readonly position: PositionFigures;
  readonly length: LengthFigures;
  /** Cohen's kappa with the experts, all orders pooled; failures and ties count as disagreement. */
  readonly kappa: number | null;
  /** Share of cases the experts labelled A: what a judge that always answers A scores. */
  readonly labelShareA: number;
}

export interface GroupFigures extends DimensionFigures {
  readonly group: string;
  readonly cases: number;
  /** 95% intervals of the group's figures beyond accuracy: only when asked for (`groupIntervals`). */
  readonly intervals?: FigureIntervals;
}

export interface DimensionStatistics extends DimensionFigures {
  /** Accuracy over every judged order (a case is right in 0, 1 or 2 of them), with bootstrap intervals. */
  readonly accuracy: AccuracyEstimates;
  /** The same figures per organ system, department and question type (accuracy's intervals are in `accuracy.groups`). */
  readonly byGroup: Readonly<Record<GroupingName, readonly GroupFigures[]>>;
  /** 95% intervals of the per-order accuracies and the position, length and kappa figures (all cases). */
  readonly intervals: FigureIntervals;
}

export interface JudgeStatistics extends TrialCounts {
  readonly judge: string;
  /** A reward model's single score stands for every dimension: reports mark it. */
  readonly mode: JudgeMode;
  /** Dollars from the reported usage at the run's prices; null without a price. */
  readonly costUsd: number | null;
  readonly orders: readonly Order[];
  readonly medianLatencyMs: number | null;
  readonly dimensions: Readonly<Record<Dimension, DimensionStatistics>>;
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den);

function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The figures of one dimension over some of the cases (all of them, or one group's), from their counts. */
function dimensionFigures(counted: CountedFigures, cases: number, k: number): DimensionFigures {
  const { accuracyByOrder, byCode, right, choices, firstSlot, longerChosen, unequalChoices, consistent, consistentCorrect } = counted;
  const { longerCases, longerRight, shorterCases, shorterRight, labelA, kappa } = counted;
  const outcomes: OutcomeCounts = {
    correct: right,
    wrong: choices - right,
    tie: byCode[VERDICT.tie]!,
    'parse-failure': byCode[VERDICT.parseFailure]!,
    error: byCode[VERDICT.error]!,
    missing: byCode[VERDICT.missing]!,
  };
  return {
    accuracyByOrder,
    outcomes,
    position: {
      swapConsistency: consistent === null ? null : ratio(consistent, cases),
      consistentAccuracy: consistentCorrect === null ? null : ratio(consistentCorrect, cases),
      firstSlotRate: ratio(firstSlot, choices),
    },
    length: {
      prefersLonger: ratio(longerChosen, unequalChoices),
      accuracyWhenExpertsPreferLonger: ratio(longerRight, longerCases * k),
      accuracyWhenExpertsPreferShorter: ratio(shorterRight, shorterCases * k),
      casesExpertsPreferLonger: longerCases,
      casesExpertsPreferShorter: shorterCases,
    },
    kappa: Number.isFinite(kappa) ? kappa : null,
    labelShareA: cases === 0 ? 0 : labelA / cases,
  };
}

function withGroupIntervals(byGroup: Record<GroupingName, GroupFigures[]>, interval: (g: GroupingName, y: number) => FigureIntervals): Record<GroupingName, GroupFigures[]> {
  return Object.fromEntries(GROUPINGS.map((g) => [g, byGroup[g].map((figures, y) => ({ ...figures, intervals: interval(g, y) }))])) as Record<GroupingName, GroupFigures[]>;
}

/**
 * Every figure for each judge, computed from its matrix alone. All judges share one set of
 * resamples, so their intervals are comparable and paired comparisons reuse them.
 */
export async function judgeStatistics(
  table: CaseTable,
  matrices: readonly JudgeMatrix[],
  resamples: Resamples,
  thread?: ScoringThread,
  options: { groupIntervals?: boolean } = {},
): Promise<JudgeStatistics[]> {
  const slots = caseSlots(table);
  const correct = matrices.map((matrix) => DIMENSIONS.map((d) => correctCounts(matrix, table, d)));
  const figuresOf = (matrix: JudgeMatrix, j: number) =>
    DIMENSIONS.map((d, k) => {
      const counts = new FigureCounts(matrix, table, d, correct[j]![k]!, slots);
      const figures = (slot: number) => dimensionFigures(counts.figures(slot, slots.size[slot]!), slots.size[slot]!, matrix.orders.length);
      const byGroup = Object.fromEntries(
        GROUPINGS.map((g, x) => [g, table.groups[g].names.map((group, y) => ({ group, cases: slots.size[slots.offsets[x]! + y]!, ...figures(slots.offsets[x]! + y) }))]),
      ) as Record<GroupingName, GroupFigures[]>;
      return { ...figures(0), byGroup };
    });
  // The point figures are computed while the worker has started on its share of the bootstrap.
  const { accuracy: estimates, figures: intervals, groupFigures, alongside: points } = await bootstrapInParallel(
    {
      table,
      resamples,
      vectors: matrices.flatMap((matrix, j) => correct[j]!.map((c) => ({ correct: c, trials: matrix.orders.length }))),
      judges: matrices,
      groupIntervals: options.groupIntervals ?? false,
    },
    () => matrices.map(figuresOf),
    thread,
  );
  return matrices.map((matrix, j) => ({
    judge: matrix.judge,
    mode: matrix.mode,
    costUsd: null,
    orders: matrix.orders,
    trials: matrix.trials,
    answered: matrix.answered,
    requestErrors: matrix.requestErrors,
    parseFailures: matrix.parseFailures,
    inputTokens: matrix.inputTokens,
    outputTokens: matrix.outputTokens,
    retries: matrix.retries,
    medianLatencyMs: median(matrix.latenciesMs),
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d, k): [Dimension, DimensionStatistics] => [
        d,
        {
          accuracy: estimates[j * DIMENSIONS.length + k]!,
          ...points[j]![k]!,
          byGroup: groupFigures ? withGroupIntervals(points[j]![k]!.byGroup, (g, y) => groupFigures[g][j]![k]![y]!) : points[j]![k]!.byGroup,
          intervals: intervals[j]![k]!,
        },
      ]),
    ) as Record<Dimension, DimensionStatistics>,
  }));
}
