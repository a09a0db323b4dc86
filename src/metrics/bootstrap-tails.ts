import type { Estimate } from './bootstrap.js';

const LOW = 0.025;
const HIGH = 0.975;

/**
 * The 95% intervals of many bootstrap distributions, taken as the resamples come in: each
 * distribution keeps only its few smallest values (a max-heap) and its few largest (a min-heap),
 * never all of them, so memory does not grow with the resamples and each value is written once,
 * near the others of its resample. Most values fail one comparison with each heap's top.
 *
 * The percentiles are numpy's default (linear interpolation) over the finite values, exactly as
 * `percentileInterval` takes them from a whole distribution: resamples where a figure is undefined
 * are left out.
 */
export class BootstrapTails {
  private readonly lowCap: number;
  private readonly highCap: number;
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly finite: Int32Array;

  constructor(distributions: number, resamples: number) {
    // Enough to hold the two order statistics either percentile interpolates between, for any
    // number of finite values up to `resamples` (checked when they are read).
    this.lowCap = Math.floor((resamples - 1) * LOW) + 2;
    this.highCap = resamples - Math.floor((resamples - 1) * HIGH) + 1;
    this.low = new Float64Array(distributions * this.lowCap);
    this.high = new Float64Array(distributions * this.highCap);
    this.finite = new Int32Array(distributions);
  }

  /** One resample's value of distribution `m`. */
  add(m: number, x: number): void {
    // x - x is 0 for finite numbers and NaN for NaN and infinities: one test for both.
    if (x - x !== 0) return;
    const seen = this.finite[m]!++;
    const low = this.low;
    const lowCap = this.lowCap;
    const lowBase = m * lowCap;
    if (seen < lowCap) {
      let at = seen;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (low[lowBase + parent]! >= x) break;
        low[lowBase + at] = low[lowBase + parent]!;
        at = parent;
      }
      low[lowBase + at] = x;
    } else if (x < low[lowBase]!) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= lowCap) break;
        if (child + 1 < lowCap && low[lowBase + child + 1]! > low[lowBase + child]!) child++;
        if (low[lowBase + child]! <= x) break;
        low[lowBase + at] = low[lowBase + child]!;
        at = child;
      }
      low[lowBase + at] = x;
    }
    const high = this.high;
    const highCap = this.highCap;
    const highBase = m * highCap;
    if (seen < highCap) {
      let at = seen;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (high[highBase + parent]! <= x) break;
        high[highBase + at] = high[highBase + parent]!;
        at = parent;
      }
      high[highBase + at] = x;
    } else if (x > high[highBase]!) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= highCap) break;
        if (child + 1 < highCap && high[highBase + child + 1]! < high[highBase + child]!) child++;
        if (high[highBase + child]! >= x) break;
        high[highBase + at] = high[highBase + child]!;
        at = child;
      }
      high[highBase + at] = x;
    }
  }

  /** The point estimate `value` with distribution `m`'s 2.5th and 97.5th percentiles. */
  interval(m: number, value: number): Estimate {
    const count = this.finite[m]!;
    if (!Number.isFinite(value) || count === 0) return { value, low: Number.NaN, high: Number.NaN };
    const lowKept = this.low.slice(m * this.lowCap, m * this.lowCap + Math.min(count, this.lowCap)).sort();
    const highKept = this.high.slice(m * this.highCap, m * this.highCap + Math.min(count, this.highCap)).sort();
    // The p-th smallest of all `count` values (from 0), from whichever heap holds it.
    const orderStatistic = (p: number) => {
      if (p < lowKept.length) return lowKept[p]!;
      const fromHigh = p - (count - highKept.length);
      if (fromHigh < 0) throw new Error(`bootstrap tails: order statistic ${p} of ${count} values was not kept`);
      return highKept[fromHigh]!;
    };
    const quantile = (q: number) => {
      const position = (count - 1) * q;
      const below = Math.floor(position);
      if (below + 1 >= count) return orderStatistic(below);
      const lower = orderStatistic(below);
      return lower + (orderStatistic(below + 1) - lower) * (position - below);
    };
    return { value, low: quantile(LOW), high: quantile(HIGH) };
  }
}
