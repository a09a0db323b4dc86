import { seededRandom } from './seeded-random.js';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 0;

/**
 * Bootstrap resamples of the cases, drawn within strata (organ systems) so every resample keeps the
 * dataset's design and the per-organ mean is always defined. A case stands for all its trials: both
 * orders move together, which is what clustering by case means. The resamples are not stored:
 * `resampleWeights` draws resample r again from its own seed whenever it is needed, so memory does
 * not grow with cases x resamples, and any thread gets the same weights.
 */
export interface Resamples {
  readonly count: number;
  readonly n: number;
  readonly seed: number;
  /** Case indices of each stratum. */
  readonly strata: readonly Int32Array[];
}

export function stratifiedResamples(strata: Int32Array, count: number, seed: number): Resamples {
  const members = new Map<number, number[]>();
  strata.forEach((s, i) => {
    const list = members.get(s);
    if (list) list.push(i);
    else members.set(s, [i]);
  });
  return { count, n: strata.length, seed, strata: [...members.values()].map((m) => Int32Array.from(m)) };
}

/** Fills `weights` with how many times each case is drawn in resample `r` (the same every time). */
export function resampleWeights(resamples: Resamples, r: number, weights: Uint16Array): Uint16Array {
  weights.fill(0);
  const random = seededRandom((Math.imul(resamples.seed, 0x9e3779b1) + r) >>> 0);
  for (const group of resamples.strata) {
    for (let k = 0; k < group.length; k++) weights[group[Math.floor(random() * group.length)]!]!++;
  }
  return weights;
}

/** A point estimate with its 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The k-th smallest (0-based) of `values[0..count)`, which it reorders: quickselect with a
 * three-way partition, because bootstrap distributions of accuracies hold few distinct values and
 * a run of keys equal to the pivot then ends the search at once.
 */
function select(values: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const x = values[i]!;
      if (x < pivot) {
        values[i++] = values[lt]!;
        values[lt++] = x;
      } else if (x > pivot) {
        values[i] = values[gt]!;
        values[gt--] = x;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return values[k]!;
}

/** Linear-interpolation quantile (numpy's default) of the first `count` values, which it reorders. */
function quantile(values: Float64Array, count: number, q: number): number {
  const position = (count - 1) * q;
  const below = Math.floor(position);
  const low = select(values, count, below);
  if (below + 1 >= count) return low;
  // After selection everything past `below` is at least `low`: the next order statistic is their minimum.
  let high = Number.POSITIVE_INFINITY;
  for (let i = below + 1; i < count; i++) if (values[i]! < high) high = values[i]!;
  return low + (high - low) * (position - below);
}

let scratch = new Float64Array(0);

/**
 * The 2.5th and 97.5th percentiles of a bootstrap distribution, found by selection rather than a
 * full sort; resamples where the figure is undefined are left out.
 */
export function percentileInterval(value: number, distribution: Float64Array): Estimate {
  if (scratch.length < distribution.length) scratch = new Float64Array(distribution.length);
  let count = 0;
  for (let i = 0; i < distribution.length; i++) {
    const x = distribution[i]!;
    // x - x is 0 for finite numbers and NaN for NaN and infinities: one test for both.
    if (x - x === 0) scratch[count++] = x;
  }
  if (count === 0 || !Number.isFinite(value)) return { value, low: Number.NaN, high: Number.NaN };
  return { value, low: quantile(scratch, count, 0.025), high: quantile(scratch, count, 0.975) };
}
