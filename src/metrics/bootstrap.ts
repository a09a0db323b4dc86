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

// Below this many values the percentiles are read off a sorted copy; above, from bounded heaps.
const SMALL = 64;
let low = new Float64Array(0);
let high = new Float64Array(0);
let scratch = new Float64Array(0);

/**
 * Numpy's default (linear interpolation) 2.5th and 97.5th percentiles of `values`, or null when
 * one of them is not finite. Both sit near the ends, so one pass keeps the few smallest values in
 * a max-heap and the few largest in a min-heap: most values fail one comparison with each top,
 * where a selection would move them all.
 */
function tails(values: Float64Array): [number, number] | null {
  const count = values.length;
  const lowAt = (count - 1) * 0.025;
  const highAt = (count - 1) * 0.975;
  const lowBelow = Math.floor(lowAt);
  const highBelow = Math.floor(highAt);
  // The heaps hold order statistics lowBelow..lowBelow+1 (from the bottom) and highBelow..highBelow+1 (from the top).
  const lowSize = lowBelow + 2;
  const highSize = count - highBelow;
  if (low.length < lowSize) low = new Float64Array(lowSize);
  if (high.length < highSize) high = new Float64Array(highSize);
  if (!tailsInto(values, lowSize, highSize, low, high)) return null;
  // Each top is the farthest value kept; the one before it is the nearer of the top's children.
  const lowTop = low[0]!;
  const lowNext = lowSize === 2 ? low[1]! : Math.max(low[1]!, low[2]!);
  const highTop = high[0]!;
  const highNext = highSize === 2 ? high[1]! : Math.min(high[1]!, high[2]!);
  return [lowNext + (lowTop - lowNext) * (lowAt - lowBelow), highTop + (highNext - highTop) * (highAt - highBelow)];
}

/**
 * Fills the heaps: `low` keeps the `lowSize` smallest values (a max-heap), `high` the `highSize`
 * largest (a min-heap). False when a value is not finite. The heaps come in as parameters: the
 * module's reusable buffers are slow to read in this loop.
 */
function tailsInto(values: Float64Array, lowSize: number, highSize: number, low: Float64Array, high: Float64Array): boolean {
  const count = values.length;
  for (let i = 0; i < count; i++) {
    const x = values[i]!;
    // x - x is 0 for finite numbers and NaN for NaN and infinities: one test for both.
    if (x - x !== 0) return false;
    if (i < lowSize) {
      let at = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (low[parent]! >= x) break;
        low[at] = low[parent]!;
        at = parent;
      }
      low[at] = x;
    } else if (x < low[0]!) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= lowSize) break;
        if (child + 1 < lowSize && low[child + 1]! > low[child]!) child++;
        if (low[child]! <= x) break;
        low[at] = low[child]!;
        at = child;
      }
      low[at] = x;
    }
    if (i < highSize) {
      let at = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (high[parent]! <= x) break;
        high[at] = high[parent]!;
        at = parent;
      }
      high[at] = x;
    } else if (x > high[0]!) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= highSize) break;
        if (child + 1 < highSize && high[child + 1]! < high[child]!) child++;
        if (high[child]! >= x) break;
        high[at] = high[child]!;
        at = child;
      }
      high[at] = x;
    }
  }
  return true;
}

/** Linear-interpolation quantile (numpy's default) of sorted values. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  if (below + 1 >= sorted.length) return sorted[below]!;
  return sorted[below]! + (sorted[below + 1]! - sorted[below]!) * (position - below);
}

/**
 * The 2.5th and 97.5th percentiles of a bootstrap distribution; resamples where the figure is
 * undefined are left out.
 */
export function percentileInterval(value: number, distribution: Float64Array): Estimate {
  if (!Number.isFinite(value)) return { value, low: Number.NaN, high: Number.NaN };
  const all = distribution.length >= SMALL ? tails(distribution) : null;
  if (all) return { value, low: all[0], high: all[1] };
  if (scratch.length < distribution.length) scratch = new Float64Array(distribution.length);
  let count = 0;
  for (let i = 0; i < distribution.length; i++) {
    const x = distribution[i]!;
    if (x - x === 0) scratch[count++] = x;
  }
  if (count === 0) return { value, low: Number.NaN, high: Number.NaN };
  if (count >= SMALL) {
    const finite = tails(scratch.subarray(0, count))!;
    return { value, low: finite[0], high: finite[1] };
  }
  const sorted = scratch.slice(0, count).sort();
  return { value, low: sortedQuantile(sorted, 0.025), high: sortedQuantile(sorted, 0.975) };
}
