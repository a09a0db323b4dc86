import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { JudgeMode } from '../protocol/judge-mode.js';
import type { Order } from '../protocol/verdict.js';
import type { AccuracyEstimates } from './accuracy-bootstrap.js';
import { bootstrapInParallel } from './parallel-bootstrap.js';
import type { ScoringThread } from './scoring-thread.js';
import type { Resamples } from './bootstrap.js';
import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { cohenKappaFromTable } from './cohen-kappa.js';
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

/** The figures of one dimension over some of the cases (all of them, or one group's). */
function dimensionFigures(matrix: JudgeMatrix, table: CaseTable, d: Dimension, cases: Int32Array, correct: Uint8Array): DimensionFigures {
  const labels = table.labels[d];
  const longer = table.longer;
  // Per verdict code, and right answers apart: plain counters in the loop, named outcomes after it.
  const byCode = [0, 0, 0, 0, 0, 0];
  let right = 0;
  const accuracyByOrder: Partial<Record<Order, number>> = {};
  let firstSlot = 0;
  let choices = 0;
  let longerChosen = 0;
  let unequalChoices = 0;
  // Judge's code (A, B, tie, failures) against the experts' (A, B): enough for kappa, no per-trial arrays.
  const confusion = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  for (const order of matrix.orders) {
    const v = matrix.verdicts[order]![d];
    let correctInOrder = 0;
    for (let x = 0; x < cases.length; x++) {
      const i = cases[x]!;
      const code = v[i]!;
      confusion[code]![labels[i]!]!++;
      if (code === VERDICT.A || code === VERDICT.B) {
        if (code === labels[i]) correctInOrder++;
        choices++;
        // In the swapped order the first slot shows answer B.
        if (code === (order === 'AB' ? VERDICT.A : VERDICT.B)) firstSlot++;
        if (longer[i] !== -1) {
          unequalChoices++;
          if (code === longer[i]) longerChosen++;
        }
      } else byCode[code]!++;
    }
    right += correctInOrder;
    accuracyByOrder[order] = cases.length === 0 ? 0 : correctInOrder / cases.length;
  }

  let consistent: number | null = null;
  let consistentCorrect: number | null = null;
  if (matrix.orders.length === 2) {
    const ab = matrix.verdicts.AB![d];
    const ba = matrix.verdicts.BA![d];
    consistent = 0;
    consistentCorrect = 0;
    for (let x = 0; x < cases.length; x++) {
      const i = cases[x]!;
      const a = ab[i]!;
      if ((a === VERDICT.A || a === VERDICT.B) && a === ba[i]) {
        consistent++;
        if (a === labels[i]) consistentCorrect++;
      }
    }
  }

  let longerCases = 0;
  let longerRight = 0;
  let shorterCases = 0;
  let shorterRight = 0;
  let labelA = 0;
  for (let x = 0; x < cases.length; x++) {
    const i = cases[x]!;
    if (labels[i] === 0) labelA++;
    if (longer[i] === -1) continue;
    if (labels[i] === longer[i]) {
      longerCases++;
      longerRight += correct[i]!;
    } else {
      shorterCases++;
      shorterRight += correct[i]!;
    }
  }
  const k = matrix.orders.length;
  const kappa = cohenKappaFromTable(confusion);
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
        swapConsistency: consistent === null ? null : ratio(consistent, cases.length),
        consistentAccuracy: consistentCorrect === null ? null : ratio(consistentCorrect, cases.length),
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
      labelShareA: cases.length === 0 ? 0 : labelA / cases.length,
  };
}

/**
 * Every figure for each judge, computed from its matrix alone. All judges share one set of
 * resamples, so their intervals are comparable and paired comparisons reuse them.
 */
export async function judgeStatistics(table: CaseTable, matrices: readonly JudgeMatrix[], resamples: Resamples, thread?: ScoringThread): Promise<JudgeStatistics[]> {
  const everyCase = Int32Array.from({ length: table.n }, (_, i) => i);
  const groupCases = Object.fromEntries(
    GROUPINGS.map((g) => [g, table.groups[g].names.map((_, k) => Int32Array.from(everyCase.filter((i) => table.groups[g].of[i] === k)))]),
  ) as Record<GroupingName, Int32Array[]>;
  const correct = matrices.map((matrix) => DIMENSIONS.map((d) => correctCounts(matrix, table, d)));
  const figuresOf = (matrix: JudgeMatrix, j: number) =>
    DIMENSIONS.map((d, k) => {
      const byGroup = Object.fromEntries(
        GROUPINGS.map((g) => [
          g,
          table.groups[g].names.map((group, x) => ({ group, cases: groupCases[g][x]!.length, ...dimensionFigures(matrix, table, d, groupCases[g][x]!, correct[j]![k]!) })),
        ]),
      ) as Record<GroupingName, GroupFigures[]>;
      return { ...dimensionFigures(matrix, table, d, everyCase, correct[j]![k]!), byGroup };
    });
  // The point figures are computed while the worker has started on its share of the bootstrap.
  const { accuracy: estimates, figures: intervals, alongside: points } = await bootstrapInParallel(
    {
      table,
      resamples,
      vectors: matrices.flatMap((matrix, j) => correct[j]!.map((c) => ({ correct: c, trials: matrix.orders.length }))),
      judges: matrices,
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
        { accuracy: estimates[j * DIMENSIONS.length + k]!, ...points[j]![k]!, intervals: intervals[j]![k]! },
      ]),
    ) as Record<Dimension, DimensionStatistics>,
  }));
}
