import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { Order } from '../protocol/verdict.js';
import { percentileInterval, type Estimate, type Resamples } from './bootstrap.js';
import { ResampleChunks } from './resample-chunks.js';
import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { VERDICT, type JudgeMatrix } from './judge-matrix.js';

/** What the figures of a judge are computed from: its verdict codes per order. */
export type JudgeVerdicts = Pick<JudgeMatrix, 'orders' | 'verdicts'>;

/** 95% intervals of the figures beyond accuracy, from the same resamples as accuracy's. */
export interface FigureIntervals {
  readonly accuracyByOrder: Partial<Record<Order, Estimate>>;
  readonly swapConsistency: Estimate | null;
  readonly consistentAccuracy: Estimate | null;
  readonly firstSlotRate: Estimate;
  readonly prefersLonger: Estimate;
  readonly accuracyWhenExpertsPreferLonger: Estimate;
  readonly accuracyWhenExpertsPreferShorter: Estimate;
  readonly kappa: Estimate;
}

/*
 * Every figure of a judge on a dimension is a ratio (or, for kappa, a function) of sums over cases
 * of small per-case counts, and each case's counts depend only on its "state": the judge's verdict
 * in each order (A, B, something else, order not judged), the expert label and which answer is
 * longer. That is 4 x 4 x 2 x 3 = 96 states. So a resample needs, per judge and dimension, only the
 * total weight of the cases in each state: one addition per case, gathered from cases sorted by
 * state, instead of one per case and count. The sums follow from these few totals.
 */
const OTHER = 2;
const ABSENT = 3;
const STATES = 4 * 4 * 2 * 3;

// The sums every figure is a function of; each is at most 2 per case.
const SUMS = [
  'correctAB', 'correctBA', 'consistent', 'consistentCorrect', 'firstSlot', 'choices', 'longerChosen', 'unequal',
  'longerRight', 'longerCase', 'shorterRight', 'shorterCase',
  // Kappa's confusion table, judge (A, B, anything else) by experts (A, B).
  'chooseAOnA', 'chooseAOnB', 'chooseBOnA', 'chooseBOnB', 'otherOnA', 'otherOnB',
] as const;
type Sum = (typeof SUMS)[number];
const SUM = Object.fromEntries(SUMS.map((s, k) => [s, k])) as Record<Sum, number>;
const F = SUMS.length;

const stateOf = (ab: number, ba: number, label: number, longer: number) => ((ab * 4 + ba) * 2 + label) * 3 + (longer < 0 ? 2 : longer);

/** What one case in a state adds to each sum. */
function contributions(ab: number, ba: number, label: number, longer: number): Int8Array {
  const add = new Int8Array(F);
  const chose = (c: number) => c === VERDICT.A || c === VERDICT.B;
  add[SUM.correctAB] = ab === label ? 1 : 0;
  add[SUM.correctBA] = ba === label ? 1 : 0;
  const consistent = chose(ab) && ab === ba;
  add[SUM.consistent] = consistent ? 1 : 0;
  add[SUM.consistentCorrect] = consistent && ab === label ? 1 : 0;
  // In the swapped order the first slot shows answer B.
  add[SUM.firstSlot] = (ab === VERDICT.A ? 1 : 0) + (ba === VERDICT.B ? 1 : 0);
  const choices = (chose(ab) ? 1 : 0) + (chose(ba) ? 1 : 0);
  add[SUM.choices] = choices;
  const correct = add[SUM.correctAB]! + add[SUM.correctBA]!;
  if (longer >= 0) {
    add[SUM.unequal] = choices;
    add[SUM.longerChosen] = (ab === longer ? 1 : 0) + (ba === longer ? 1 : 0);
    if (label === longer) {
      add[SUM.longerCase] = 1;
      add[SUM.longerRight] = correct;
    } else {
      add[SUM.shorterCase] = 1;
      add[SUM.shorterRight] = correct;
    }
  }
  for (const code of [ab, ba]) {
    if (code === ABSENT) continue;
    const row = code === VERDICT.A ? 'chooseA' : code === VERDICT.B ? 'chooseB' : 'other';
    add[SUM[`${row}On${label === 0 ? 'A' : 'B'}` as Sum]]!++;
  }
  return add;
}

// Per state, the sums it adds to and by how much: a sparse table, since most states touch few sums.
const COEF_START = new Int32Array(STATES + 1);
const COEF_SUM: number[] = [];
const COEF_BY: number[] = [];
for (let s = 0; s < STATES; s++) {
  const longer = (s % 3) === 2 ? -1 : s % 3;
  const label = Math.floor(s / 3) % 2;
  const ba = Math.floor(s / 6) % 4;
  const ab = Math.floor(s / 24);
  const add = contributions(ab, ba, label, longer);
  COEF_START[s] = COEF_SUM.length;
  add.forEach((by, f) => {
    if (by !== 0) {
      COEF_SUM.push(f);
      COEF_BY.push(by);
    }
  });
}
COEF_START[STATES] = COEF_SUM.length;

/**
 * Cases split into cells whose figures are each bootstrapped: all cases in one cell, or the groups
 * of a grouping (`cellOf[i]` is case i's group, -1 for none).
 */
interface Partition {
  readonly cellOf: Int32Array | null;
  readonly cells: number;
}
const ALL_CASES: Partition = { cellOf: null, cells: 1 };

/** One judge's cases on one dimension, sorted by cell and state: runs of cases sharing both. */
interface StateRuns {
  readonly cases: Int32Array;
  readonly starts: Int32Array;
  readonly states: Int32Array;
  readonly cells: Int32Array;
  /** Per cell, the sums over its cases (no resampling): the point estimates. */
  readonly totals: Float64Array;
  readonly sizes: Float64Array;
  readonly orders: readonly Order[];
}

const collapse = (codes: Int8Array | undefined, i: number) => {
  if (!codes) return ABSENT;
  const c = codes[i]!;
  return c === VERDICT.A || c === VERDICT.B ? c : OTHER;
};

function stateRuns(matrix: JudgeVerdicts, table: CaseTable, d: Dimension, { cellOf, cells }: Partition): StateRuns {
  const n = table.n;
  const labels = table.labels[d];
  const ab = matrix.verdicts.AB?.[d];
  const ba = matrix.verdicts.BA?.[d];
  const keys = cells * STATES;
  // A case in no cell sorts past the last key and joins no run.
  const key = new Int32Array(n);
  const count = new Int32Array(keys + 2);
  for (let i = 0; i < n; i++) {
    const cell = cellOf ? cellOf[i]! : 0;
    key[i] = cell < 0 ? keys : cell * STATES + stateOf(collapse(ab, i), collapse(ba, i), labels[i]!, table.longer[i]!);
    count[key[i]! + 1]!++;
  }
  for (let s = 0; s <= keys; s++) count[s + 1]! += count[s]!;
  const next = count.slice(0, keys + 1);
  const cases = new Int32Array(n);
  for (let i = 0; i < n; i++) cases[next[key[i]!]!++] = i;
  const starts: number[] = [];
  const states: number[] = [];
  const runCells: number[] = [];
  const totals = new Float64Array(cells * F);
  const sizes = new Float64Array(cells);
  for (let k = 0; k < keys; k++) {
    const size = count[k + 1]! - count[k]!;
    if (size === 0) continue;
    const s = k % STATES;
    const cell = (k - s) / STATES;
    starts.push(count[k]!);
    states.push(s);
    runCells.push(cell);
    sizes[cell]! += size;
    for (let c = COEF_START[s]!; c < COEF_START[s + 1]!; c++) totals[cell * F + COEF_SUM[c]!]! += COEF_BY[c]! * size;
  }
  starts.push(count[keys]!);
  return { cases, starts: Int32Array.from(starts), states: Int32Array.from(states), cells: Int32Array.from(runCells), totals, sizes, orders: matrix.orders };
}

// Figures per judge and dimension, in this order in the bootstrap distributions.
const FIGURES = ['accuracyAB', 'accuracyBA', 'swapConsistency', 'consistentAccuracy', 'firstSlotRate', 'prefersLonger', 'longerAccuracy', 'shorterAccuracy', 'kappa'] as const;
const G = FIGURES.length;

/**
 * Every figure of one judge and dimension from its sums, into `out[at..at+G)`. Written as the
 * figures' own definitions are (judge-statistics.ts), operation for operation, so the point
 * estimate here is the figure reported, bit for bit.
 */
function figuresOf(sums: Float64Array, n: number, k: number, out: Float64Array, at: number): void {
  out[at] = sums[SUM.correctAB]! / n;
  out[at + 1] = sums[SUM.correctBA]! / n;
  out[at + 2] = sums[SUM.consistent]! / n;
  out[at + 3] = sums[SUM.consistentCorrect]! / n;
  out[at + 4] = sums[SUM.firstSlot]! / (sums[SUM.choices]! * 1);
  out[at + 5] = sums[SUM.longerChosen]! / (sums[SUM.unequal]! * 1);
  out[at + 6] = sums[SUM.longerRight]! / (sums[SUM.longerCase]! * k);
  out[at + 7] = sums[SUM.shorterRight]! / (sums[SUM.shorterCase]! * k);
  out[at + 8] = kappaOf(sums);
}

/**
 * Cohen's kappa of the judge (A, B, anything else) against the experts (A, B): the arithmetic of
 * `cohenKappaFromTable` on the full table of verdict codes, step for step. Experts never use the
 * other categories, so their columns are zero, add exactly nothing to chance agreement, and how
 * the judge's ties and failures split among them does not matter.
 */
function kappaOf(sums: Float64Array): number {
  const aa = sums[SUM.chooseAOnA]!;
  const ab = sums[SUM.chooseAOnB]!;
  const ba = sums[SUM.chooseBOnA]!;
  const bb = sums[SUM.chooseBOnB]!;
  const oa = sums[SUM.otherOnA]!;
  const ob = sums[SUM.otherOnB]!;
  // Integers well below 2^53: every order of addition gives the same total.
  const n = aa + ab + ba + bb + oa + ob;
  if (n === 0) return Number.NaN;
  const chance = ((aa + ab) / n) * ((aa + ba + oa) / n) + ((ba + bb) / n) * ((ab + bb + ob) / n);
  return chance === 1 ? Number.NaN : ((aa + bb) / n - chance) / (1 - chance);
}

// Distributions held at once (judge-dimensions x cells): held until their intervals are taken.
const BATCH = 128;

/**
 * The intervals of every figure beyond accuracy, for every judge and dimension (result[judge][k]
 * is DIMENSIONS[k]'s), over all cases, in one bootstrap pass over the same resamples as accuracy's.
 */
export function figureIntervals(table: CaseTable, matrices: readonly JudgeVerdicts[], resamples: Resamples, chunks?: ResampleChunks): FigureIntervals[][] {
  return partitionIntervals(table, matrices, resamples, chunks, ALL_CASES).map((byDimension) => byDimension.map((cells) => cells[0]!));
}

/**
 * The same intervals for each group of each grouping (result[grouping][judge][k][group]), from the
 * same resamples: a group's figures are recomputed in every resample from the cases drawn into it
 * (for a department or question type, their number varies from resample to resample).
 */
export function groupFigureIntervals(table: CaseTable, matrices: readonly JudgeVerdicts[], resamples: Resamples, chunks?: ResampleChunks): Record<GroupingName, FigureIntervals[][][]> {
  return Object.fromEntries(
    GROUPINGS.map((g) => [g, partitionIntervals(table, matrices, resamples, chunks, { cellOf: table.groups[g].of, cells: table.groups[g].names.length })]),
  ) as Record<GroupingName, FigureIntervals[][][]>;
}

/** result[judge][dimension][cell]. */
function partitionIntervals(table: CaseTable, matrices: readonly JudgeVerdicts[], resamples: Resamples, chunks: ResampleChunks | undefined, partition: Partition): FigureIntervals[][][] {
  const { count: R } = resamples;
  const { cells } = partition;
  // A grouping no case belongs to (a dataset without departments) has no group to bootstrap.
  if (cells === 0) return matrices.map(() => DIMENSIONS.map(() => []));
  const all = matrices.flatMap((m) => DIMENSIONS.map((d) => ({ m, d })));
  // No sum exceeds 2 per case.
  const packing = ResampleChunks.fitting(chunks, resamples, 2);
  const { lanes, base, blocks: chunkBlocks } = packing;
  const acc = new Float64Array(cells * F * chunkBlocks);
  // Per cell, how many cases the resample drew into it.
  const drawn = new Float64Array(cells * chunkBlocks);
  const sums = new Float64Array(F);
  const batchSize = Math.max(1, Math.floor(BATCH / cells));
  const results: FigureIntervals[][] = [];
  for (let start = 0; start < all.length; start += batchSize) {
    const batch = all.slice(start, start + batchSize).map(({ m, d }) => stateRuns(m, table, d, partition));
    const distributions = new Float64Array(batch.length * cells * G * R);
    for (let c = 0; c < packing.count; c++) {
      const packed = packing.chunk(c);
      const { from: r0, to: chunkEnd } = packing.range(c);
      const blocks = Math.ceil((chunkEnd - r0) / lanes);
      for (let j = 0; j < batch.length; j++) {
        const { cases, starts, states, cells: runCells, orders } = batch[j]!;
        const k = orders.length;
        acc.fill(0);
        drawn.fill(0);
        for (let q = 0; q < states.length; q++) {
          const s = states[q]!;
          const from = starts[q]!;
          const to = starts[q + 1]!;
          const cellSums = runCells[q]! * F * chunkBlocks;
          const cellDrawn = runCells[q]! * chunkBlocks;
          // Blocks past the chunk's last are zero in `packed`, so whole groups of eight are safe.
          for (let b = 0; b < blocks; b += 8) {
            // Eight totals in locals rather than an array: V8 keeps them in registers, about
            // three times faster than adding into memory case by case.
            let t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
            for (let c = from; c < to; c++) {
              const at = cases[c]! * chunkBlocks + b;
              t0 += packed[at]!;
              t1 += packed[at + 1]!;
              t2 += packed[at + 2]!;
              t3 += packed[at + 3]!;
              t4 += packed[at + 4]!;
              t5 += packed[at + 5]!;
              t6 += packed[at + 6]!;
              t7 += packed[at + 7]!;
            }
            for (let e = COEF_START[s]!; e < COEF_START[s + 1]!; e++) {
              const at = cellSums + COEF_SUM[e]! * chunkBlocks + b;
              const by = COEF_BY[e]!;
              acc[at]! += by * t0;
              acc[at + 1]! += by * t1;
              acc[at + 2]! += by * t2;
              acc[at + 3]! += by * t3;
              acc[at + 4]! += by * t4;
              acc[at + 5]! += by * t5;
              acc[at + 6]! += by * t6;
              acc[at + 7]! += by * t7;
            }
            const at = cellDrawn + b;
            drawn[at]! += t0;
            drawn[at + 1]! += t1;
            drawn[at + 2]! += t2;
            drawn[at + 3]! += t3;
            drawn[at + 4]! += t4;
            drawn[at + 5]! += t5;
            drawn[at + 6]! += t6;
            drawn[at + 7]! += t7;
          }
        }
        for (let cell = 0; cell < cells; cell++) {
          const cellSums = cell * F * chunkBlocks;
          const out = (j * cells + cell) * G * R;
          for (let b = 0; b < blocks; b++) {
            for (let l = 0, r = r0 + b * lanes; l < lanes && r < chunkEnd; l++, r++) {
              for (let f = 0; f < F; f++) sums[f] = unpackLane(acc, cellSums + f * chunkBlocks + b, base);
              figuresOf(sums, unpackLane(drawn, cell * chunkBlocks + b, base), k, scratchFigures, 0);
              for (let g = 0; g < G; g++) distributions[out + g * R + r] = scratchFigures[g]!;
            }
          }
        }
      }
    }
    batch.forEach((runs, j) => {
      const both = runs.orders.length === 2;
      const point = new Float64Array(G);
      const perCell: FigureIntervals[] = [];
      for (let cell = 0; cell < cells; cell++) {
        figuresOf(runs.totals.subarray(cell * F, (cell + 1) * F), runs.sizes[cell]!, runs.orders.length, point, 0);
        const at = (j * cells + cell) * G * R;
        const interval = (g: number) => percentileInterval(point[g]!, distributions.subarray(at + g * R, at + (g + 1) * R));
        const accuracyByOrder: Partial<Record<Order, Estimate>> = {};
        for (const order of runs.orders) accuracyByOrder[order] = interval(order === 'AB' ? 0 : 1);
        perCell.push({
          accuracyByOrder,
          swapConsistency: both ? interval(2) : null,
          consistentAccuracy: both ? interval(3) : null,
          firstSlotRate: interval(4),
          prefersLonger: interval(5),
          accuracyWhenExpertsPreferLonger: interval(6),
          accuracyWhenExpertsPreferShorter: interval(7),
          kappa: interval(8),
        });
      }
      results.push(perCell);
    });
  }
  return matrices.map((_, j) => results.slice(j * DIMENSIONS.length, (j + 1) * DIMENSIONS.length));
}

/** The lowest lane of a packed total, which is then shifted down for the next lane. */
function unpackLane(packed: Float64Array, at: number, base: number): number {
  const total = packed[at]!;
  const rest = Math.floor(total / base);
  packed[at] = rest;
  return total - rest * base;
}

const scratchFigures = new Float64Array(G);
