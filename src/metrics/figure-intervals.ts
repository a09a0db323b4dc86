import type { Dimension } from '../protocol/dimensions.js';
import { percentileInterval, type Estimate, type Resamples } from './bootstrap.js';
import type { CaseTable } from './case-table.js';
import { cohenKappaFromTable } from './cohen-kappa.js';
import { correctCounts, VERDICT, type JudgeMatrix } from './judge-matrix.js';
import { bootstrapSums } from './sum-bootstrap.js';

/** 95% intervals of the figures beyond accuracy, from the same resamples as accuracy's. */
export interface FigureIntervals {
  readonly swapConsistency: Estimate | null;
  readonly consistentAccuracy: Estimate | null;
  readonly firstSlotRate: Estimate;
  readonly prefersLonger: Estimate;
  readonly accuracyWhenExpertsPreferLonger: Estimate;
  readonly accuracyWhenExpertsPreferShorter: Estimate;
  readonly kappa: Estimate;
}

const CODES = 6;

/** The per-case counts every figure is a function of, for one judge and dimension. */
function caseCounts(matrix: JudgeMatrix, table: CaseTable, d: Dimension) {
  const n = table.n;
  const labels = table.labels[d];
  const v = () => new Uint8Array(n);
  const counts = {
    consistent: v(), consistentCorrect: v(), firstSlot: v(), choices: v(), longerChosen: v(), unequal: v(),
    longerRight: v(), longerCase: v(), shorterRight: v(), shorterCase: v(),
    // confusion[code * 2 + label]: trials of the case with that judge code, on cases with that label.
    confusion: Array.from({ length: CODES * 2 }, v),
  };
  const correct = correctCounts(matrix, table, d);
  for (const order of matrix.orders) {
    const codes = matrix.verdicts[order]![d];
    const firstCode = order === 'AB' ? VERDICT.A : VERDICT.B;
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      counts.confusion[code * 2 + labels[i]!]![i]!++;
      if (code !== VERDICT.A && code !== VERDICT.B) continue;
      counts.choices[i]!++;
      if (code === firstCode) counts.firstSlot[i]!++;
      if (table.longer[i] !== -1) {
        counts.unequal[i]!++;
        if (code === table.longer[i]) counts.longerChosen[i]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (matrix.orders.length === 2) {
      const a = matrix.verdicts.AB![d][i]!;
      if ((a === VERDICT.A || a === VERDICT.B) && a === matrix.verdicts.BA![d][i]) {
        counts.consistent[i] = 1;
        if (a === labels[i]) counts.consistentCorrect[i] = 1;
      }
    }
    if (table.longer[i] === -1) continue;
    if (labels[i] === table.longer[i]) {
      counts.longerCase[i] = 1;
      counts.longerRight[i] = correct[i]!;
    } else {
      counts.shorterCase[i] = 1;
      counts.shorterRight[i] = correct[i]!;
    }
  }
  return counts;
}

const NAMES = ['consistent', 'consistentCorrect', 'firstSlot', 'choices', 'longerChosen', 'unequal', 'longerRight', 'longerCase', 'shorterRight', 'shorterCase'] as const;

/** Intervals for one dimension of several judges, in one bootstrap pass. */
export function figureIntervals(table: CaseTable, matrices: readonly JudgeMatrix[], d: Dimension, resamples: Resamples): FigureIntervals[] {
  const perJudge = matrices.map((m) => caseCounts(m, table, d));
  const vectors = perJudge.flatMap((c) => [...NAMES.map((name) => c[name]), ...c.confusion]);
  const stride = NAMES.length + CODES * 2;
  const sums = bootstrapSums(resamples, vectors, 2);
  const R = resamples.count;
  const n = table.n;
  return perJudge.map((counts, j) => {
    const at = (name: (typeof NAMES)[number]) => sums[j * stride + NAMES.indexOf(name)]!;
    const total = (v: Uint8Array) => v.reduce((a, b) => a + b, 0);
    const estimate = (point: number, distribution: (r: number) => number) => percentileInterval(point, Float64Array.from({ length: R }, (_, r) => distribution(r)));
    const ratio = (num: (typeof NAMES)[number], den: (typeof NAMES)[number], scale = 1) =>
      estimate(total(counts[num]) / (total(counts[den]) * scale), (r) => at(num)[r]! / (at(den)[r]! * scale));
    const k = matrices[j]!.orders.length;
    const table6 = Array.from({ length: CODES }, () => new Array<number>(CODES).fill(0));
    const confusion = sums.slice(j * stride + NAMES.length, (j + 1) * stride);
    const confusionAt = (r: number | null) => {
      for (let c = 0; c < CODES; c++) {
        for (let l = 0; l < 2; l++) table6[c]![l] = r === null ? total(counts.confusion[c * 2 + l]!) : confusion[c * 2 + l]![r]!;
      }
      return table6;
    };
    const both = k === 2;
    return {
      swapConsistency: both ? estimate(total(counts.consistent) / n, (r) => at('consistent')[r]! / n) : null,
      consistentAccuracy: both ? estimate(total(counts.consistentCorrect) / n, (r) => at('consistentCorrect')[r]! / n) : null,
      firstSlotRate: ratio('firstSlot', 'choices'),
      prefersLonger: ratio('longerChosen', 'unequal'),
      accuracyWhenExpertsPreferLonger: ratio('longerRight', 'longerCase', k),
      accuracyWhenExpertsPreferShorter: ratio('shorterRight', 'shorterCase', k),
      kappa: estimate(cohenKappaFromTable(confusionAt(null)), (r) => cohenKappaFromTable(confusionAt(r))),
    };
  });
}
