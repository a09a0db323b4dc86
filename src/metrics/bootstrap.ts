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

// Below this many values the percentiles are read off a sorted copy; above, from the tails alone.
const SMALL = 64;
// The sample that guesses where the tails end: one value in at most 32, at least 64 values.
const SAMPLE_STEP = 32;
const SAMPLE_SIZE = 64;
let low = new Float64Array(0);
let high = new Float64Array(0);
let scratch = new Float64Array(0);
let sample = new Float64Array(0);

/**
 * Numpy's default (linear interpolation) 2.5th and 97.5th percentiles of `values`, or null when
 * one of them is not finite. Both sit near the ends: a sorted sample of the values gives a
 * threshold each tail very likely lies within, one pass keeps the values beyond the thresholds,
 * and only those few are sorted. When a guess was too tight (or the sample held a non-finite
 * value), bounded heaps find the tails instead. Either way the order statistics are exact.
 */
function tails(values: Float64Array): [number, number] | null {
  const count = values.length;
  const lowAt = (count - 1) * 0.025;
  const highAt = (count - 1) * 0.975;
  const lowBelow = Math.floor(lowAt);
  const highBelow = Math.floor(highAt);
  // Order statistics lowBelow and lowBelow+1 from the bottom, highBelow and highBelow+1 likewise:
  // the lowSize smallest values and the highSize largest hold them.
  const lowSize = lowBelow + 2;
  const highSize = count - highBelow;
  if (low.length < count) low = new Float64Array(count);
  if (high.length < count) high = new Float64Array(count);
  const kept = keepTails(values, lowSize, highSize, low, high);
  if (kept === null) return null;
  const between = (a: number, b: number, fraction: number) => a + (b - a) * fraction;
  if (kept) {
    const [lowCount, highCount] = kept;
    // Among the values kept at the top, the k-th smallest is order statistic count - highCount + k.
    const h = highBelow - (count - highCount);
    const [lowNext, lowTop] = twoSmallestFrom(low, lowCount, lowBelow);
    const [highTop, highNext] = twoSmallestFrom(high, highCount, h);
    return [between(lowNext, lowTop, lowAt - lowBelow), between(highTop, highNext, highAt - highBelow)];
  }
  if (!tailsInto(values, lowSize, highSize, low, high)) return null;
  // Each top is the farthest value kept; the one before it is the nearer of the top's children.
  const lowTop = low[0]!;
  const lowNext = lowSize === 2 ? low[1]! : Math.max(low[1]!, low[2]!);
  const highTop = high[0]!;
  const highNext = highSize === 2 ? high[1]! : Math.min(high[1]!, high[2]!);
  return [between(lowNext, lowTop, lowAt - lowBelow), between(highTop, highNext, highAt - highBelow)];
}

/**
 * The k-th and (k+1)-th smallest of values[0..count) (k from 0), reordering them: a quickselect
 * (Hoare's partition, which copes with many equal values) puts the k-th in place with nothing
 * larger before it, and the next is the least of what follows. Sorting the few hundred values kept
 * would cost several times as much.
 */
function twoSmallestFrom(values: Float64Array, count: number, k: number): [number, number] {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    // Now [lo, j] <= pivot <= [i, hi], and whatever lies between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  let next = k + 1 < count ? values[k + 1]! : Number.NaN;
  for (let x = k + 2; x < count; x++) if (values[x]! < next) next = values[x]!;
  return [values[k]!, next];
}

/**
 * Copies the values at or below a low threshold into `low` and those at or above a high one into
 * `high`, the thresholds read off a sorted sample so that each side very likely holds at least
 * `lowSize` / `highSize` values. Returns how many each side holds; false when a side holds too
 * few (the caller then uses the heaps), null when a value is not finite.
 */
function keepTails(values: Float64Array, lowSize: number, highSize: number, low: Float64Array, high: Float64Array): [number, number] | false | null {
  const count = values.length;
  const step = Math.max(1, Math.min(SAMPLE_STEP, Math.floor(count / SAMPLE_SIZE)));
  const size = Math.floor(count / step);
  if (sample.length < size) sample = new Float64Array(size);
  for (let k = 0; k < size; k++) sample[k] = values[k * step]!;
  const sorted = sample.subarray(0, size).sort();
  // The sample's m-th smallest lies above the lowSize-th smallest value unless the sample
  // under-represents the tail by more than about three standard deviations.
  const margin = (need: number) => {
    const expected = (need / count) * size;
    return Math.min(size - 1, Math.ceil(expected + 3 * Math.sqrt(expected) + 1));
  };
  const lowThreshold = sorted[margin(lowSize)]!;
  const highThreshold = sorted[size - 1 - margin(highSize)]!;
  let lowCount = 0;
  let highCount = 0;
  // x - x is 0 for finite numbers and NaN for NaN and infinities: the total tells whether all were finite.
  let finite = 0;
  for (let i = 0; i < count; i++) {
    const x = values[i]!;
    finite += x - x;
    if (x <= lowThreshold) low[lowCount++] = x;
    if (x >= highThreshold) high[highCount++] = x;
  }
  if (finite !== 0) return null;
  return lowCount >= lowSize && highCount >= highSize ? [lowCount, highCount] : false;
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
