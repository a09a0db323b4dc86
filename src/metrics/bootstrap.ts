import { seededRandom } from './seeded-random.js';

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 0;

/**
 * Bootstrap resamples of the cases as multiplicity weights (`weights[r * n + i]` = times case i is
 * drawn in resample r). Drawn within strata (organ systems), so every resample keeps the dataset's
 * design and the per-organ mean is always defined. A case stands for all its trials: both orders
 * move together, which is what clustering by case means.
 */
export interface Resamples {
  readonly count: number;
  readonly n: number;
  readonly weights: Uint16Array;
}

export function stratifiedResamples(strata: Int32Array, count: number, seed: number): Resamples {
  const n = strata.length;
  const members = new Map<number, number[]>();
  strata.forEach((s, i) => members.set(s, [...(members.get(s) ?? []), i]));
  const groups = [...members.values()].map((m) => Int32Array.from(m));
  const random = seededRandom(seed);
  const weights = new Uint16Array(count * n);
  for (let r = 0; r < count; r++) {
    const base = r * n;
    for (const group of groups) {
      for (let k = 0; k < group.length; k++) weights[base + group[Math.floor(random() * group.length)]!]!++;
    }
  }
  return { count, n, weights };
}

/** A point estimate with its 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Rearranges `values[lo..hi]` so that `values[k]` holds the k-th smallest (quickselect). */
function select(values: Float64Array, k: number, lo: number, hi: number): number {
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** Linear-interpolation quantile (numpy's default) of the first `count` values, which it reorders. */
function quantile(values: Float64Array, count: number, q: number): number {
  const position = (count - 1) * q;
  const below = Math.floor(position);
  const low = select(values, below, 0, count - 1);
  if (below + 1 >= count) return low;
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
  for (const x of distribution) if (Number.isFinite(x)) scratch[count++] = x;
  if (count === 0 || !Number.isFinite(value)) return { value, low: Number.NaN, high: Number.NaN };
  return { value, low: quantile(scratch, count, 0.025), high: quantile(scratch, count, 0.975) };
}
