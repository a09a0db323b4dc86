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

/** Linear-interpolation quantile (numpy's default) of sorted values. */
function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The 2.5th and 97.5th percentiles of a bootstrap distribution; resamples where the figure is undefined are left out. */
export function percentileInterval(value: number, distribution: Float64Array): Estimate {
  const finite = distribution.filter(Number.isFinite).sort();
  if (finite.length === 0 || !Number.isFinite(value)) return { value, low: Number.NaN, high: Number.NaN };
  return { value, low: quantile(finite, 0.025), high: quantile(finite, 0.975) };
}
