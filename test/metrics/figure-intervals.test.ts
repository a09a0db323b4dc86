import { describe, expect, it } from 'vitest';
import { percentileInterval, resampleWeights, stratifiedResamples, type Resamples } from '../../src/metrics/bootstrap.js';
import { caseTable, GROUPINGS, type CaseTable } from '../../src/metrics/case-table.js';
import { cohenKappaFromTable } from '../../src/metrics/cohen-kappa.js';
import { figureIntervals, groupFigureIntervals } from '../../src/metrics/figure-intervals.js';
import { VERDICT, type JudgeMatrix } from '../../src/metrics/judge-matrix.js';
import { judgeStatistics } from '../../src/metrics/judge-statistics.js';
import { seededRandom } from '../../src/metrics/seeded-random.js';
import type { CaseRecord } from '../../src/dataset/case.js';
import { DIMENSIONS, type Dimension, type Label } from '../../src/protocol/dimensions.js';
import type { Order } from '../../src/protocol/verdict.js';

const random = seededRandom(42);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

// Answers of equal length too, so cases outside the length figures are covered.
const cases: CaseRecord[] = Array.from({ length: 90 }, (_, i) => ({
  uid: `case-${i}`,
  organ: pick(['brain', 'chest', 'eye']),
  questionId: String(i),
  // Some cases in no department: they count in no department's figures.
  ...(i % 7 ? { department: pick(['neurology', 'radiology']) } : {}),
  questionType: pick(['open', 'closed']),
  question: 'q',
  answerA: 'a'.repeat(pick([3, 5, 7])),
  answerB: 'b'.repeat(pick([3, 5, 7])),
  labels: Object.fromEntries(DIMENSIONS.map((d) => [d, pick<Label>(['A', 'A', 'B'])])) as CaseRecord['labels'],
  imageSha256: '',
  imageMime: 'image/png',
  imageSize: 0,
}));
const table = caseTable(cases);

// Mostly answers, with ties, parse failures, errors and missing verdicts mixed in.
const CODES = [VERDICT.A, VERDICT.A, VERDICT.B, VERDICT.B, VERDICT.A, VERDICT.tie, VERDICT.parseFailure, VERDICT.error, VERDICT.missing];
function matrix(judge: string, orders: readonly Order[]): JudgeMatrix {
  const verdicts = Object.fromEntries(
    orders.map((o) => [o, Object.fromEntries(DIMENSIONS.map((d) => [d, Int8Array.from({ length: table.n }, () => pick(CODES))]))]),
  ) as JudgeMatrix['verdicts'];
  return { judge, mode: 'pairwise', orders, verdicts, latenciesMs: new Float64Array(0), trials: 0, answered: 0, requestErrors: 0, parseFailures: 0, inputTokens: 0, outputTokens: 0, retries: 0 };
}
const matrices = [matrix('both', ['AB', 'BA']), matrix('first-order-only', ['AB']), matrix('swapped-only', ['BA'])];

/**
 * The figures of one judge and dimension for given case weights (all 1: the figures themselves),
 * computed trial by trial from their definitions: an independent check of the state-based pass.
 */
function weightedFigures(m: JudgeMatrix, t: CaseTable, d: Dimension, w: ArrayLike<number>) {
  const labels = t.labels[d];
  const confusion = Array.from({ length: 6 }, () => new Array<number>(6).fill(0));
  const byOrder: Partial<Record<Order, number>> = {};
  let first = 0, choices = 0, longerChosen = 0, unequal = 0, consistent = 0, consistentRight = 0;
  let longerRight = 0, longerCases = 0, shorterRight = 0, shorterCases = 0;
  // The cases drawn: all of them in every resample, a varying number of a department's.
  let drawn = 0;
  for (let i = 0; i < t.n; i++) drawn += w[i]!;
  for (const order of m.orders) {
    let right = 0;
    for (let i = 0; i < t.n; i++) {
      const code = m.verdicts[order]![d][i]!;
      confusion[code]![labels[i]!]! += w[i]!;
      if (code === labels[i]) right += w[i]!;
      if (code !== VERDICT.A && code !== VERDICT.B) continue;
      choices += w[i]!;
      if ((order === 'AB' && code === VERDICT.A) || (order === 'BA' && code === VERDICT.B)) first += w[i]!;
      if (t.longer[i] !== -1) {
        unequal += w[i]!;
        if (code === t.longer[i]) longerChosen += w[i]!;
      }
    }
    byOrder[order] = right / drawn;
  }
  for (let i = 0; i < t.n; i++) {
    const right = m.orders.filter((o) => m.verdicts[o]![d][i] === labels[i]).length * w[i]!;
    if (m.orders.length === 2) {
      const a = m.verdicts.AB![d][i]!;
      if ((a === VERDICT.A || a === VERDICT.B) && a === m.verdicts.BA![d][i]) {
        consistent += w[i]!;
        if (a === labels[i]) consistentRight += w[i]!;
      }
    }
    if (t.longer[i] === -1) continue;
    if (labels[i] === t.longer[i]) {
      longerCases += w[i]!;
      longerRight += right;
    } else {
      shorterCases += w[i]!;
      shorterRight += right;
    }
  }
  const k = m.orders.length;
  return {
    byOrder,
    swapConsistency: consistent / drawn,
    consistentAccuracy: consistentRight / drawn,
    firstSlotRate: first / choices,
    prefersLonger: longerChosen / unequal,
    accuracyWhenExpertsPreferLonger: longerRight / (longerCases * k),
    accuracyWhenExpertsPreferShorter: shorterRight / (shorterCases * k),
    kappa: cohenKappaFromTable(confusion),
  };
}

/** The reference intervals over the cases `within` says are in (all of them by default). */
function referenceIntervals(m: JudgeMatrix, d: Dimension, resamples: Resamples, within: (i: number) => boolean = () => true) {
  const only = (w: Uint16Array | Uint8Array) => w.map((x, i) => (within(i) ? x : 0));
  const point = weightedFigures(m, table, d, only(new Uint8Array(table.n).fill(1)));
  const draws = Array.from({ length: resamples.count }, (_, r) => weightedFigures(m, table, d, only(resampleWeights(resamples, r, new Uint16Array(table.n)))));
  const interval = (value: number, of: (f: (typeof draws)[number]) => number) => percentileInterval(value, Float64Array.from(draws, of));
  const both = m.orders.length === 2;
  return {
    accuracyByOrder: Object.fromEntries(m.orders.map((o) => [o, interval(point.byOrder[o]!, (f) => f.byOrder[o]!)])),
    swapConsistency: both ? interval(point.swapConsistency, (f) => f.swapConsistency) : null,
    consistentAccuracy: both ? interval(point.consistentAccuracy, (f) => f.consistentAccuracy) : null,
    firstSlotRate: interval(point.firstSlotRate, (f) => f.firstSlotRate),
    prefersLonger: interval(point.prefersLonger, (f) => f.prefersLonger),
    accuracyWhenExpertsPreferLonger: interval(point.accuracyWhenExpertsPreferLonger, (f) => f.accuracyWhenExpertsPreferLonger),
    accuracyWhenExpertsPreferShorter: interval(point.accuracyWhenExpertsPreferShorter, (f) => f.accuracyWhenExpertsPreferShorter),
    kappa: interval(point.kappa, (f) => f.kappa),
  };
}

describe('intervals of the figures beyond accuracy', () => {
  // 203 resamples: not a multiple of the packed lanes, nor of the chunk of resamples drawn at once.
  const resamples = stratifiedResamples(table.groups.organ.of, 203, 9);
  const intervals = figureIntervals(table, matrices, resamples);

  it.each(matrices.map((m, j) => [m.judge, j] as const))('equal, bit for bit, figures recomputed trial by trial in every resample (%s)', (_, j) => {
    DIMENSIONS.forEach((d, k) => expect(intervals[j]![k]).toEqual(referenceIntervals(matrices[j]!, d, resamples)));
  });

  it('equal the reference for each organ, department and question type, a varying number of cases drawn into the last two', () => {
    const byGroup = groupFigureIntervals(table, matrices, resamples);
    for (const g of GROUPINGS) {
      const { names, of } = table.groups[g];
      expect(names.length).toBeGreaterThan(1);
      matrices.forEach((m, j) =>
        DIMENSIONS.forEach((d, k) => names.forEach((_, y) => expect(byGroup[g][j]![k]![y]).toEqual(referenceIntervals(m, d, resamples, (i) => of[i] === y)))),
      );
    }
  });

  it('are intervals around the figures the statistics report, on every dimension', async () => {
    const statistics = await judgeStatistics(table, matrices, resamples);
    for (const s of statistics) {
      for (const d of DIMENSIONS) {
        const { intervals: iv, position, length, kappa, accuracyByOrder } = s.dimensions[d];
        expect(iv.swapConsistency?.value ?? null).toBe(position.swapConsistency);
        expect(iv.consistentAccuracy?.value ?? null).toBe(position.consistentAccuracy);
        expect(iv.firstSlotRate.value).toBe(position.firstSlotRate);
        expect(iv.prefersLonger.value).toBe(length.prefersLonger);
        expect(iv.accuracyWhenExpertsPreferLonger.value).toBe(length.accuracyWhenExpertsPreferLonger);
        expect(iv.kappa.value).toBe(kappa);
        for (const o of s.orders) expect(iv.accuracyByOrder[o]!.value).toBe(accuracyByOrder[o]);
        expect(iv.kappa.low).toBeLessThanOrEqual(iv.kappa.value);
        expect(iv.kappa.high).toBeGreaterThanOrEqual(iv.kappa.value);
      }
    }
  });
});
