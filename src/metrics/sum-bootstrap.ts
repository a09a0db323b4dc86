import { laneLayout } from './accuracy-bootstrap.js';
import { resampleWeights, type Resamples } from './bootstrap.js';

/**
 * Bootstrap distributions of Σ_i w_ri v_i, for many per-case vectors of small integers (at most
 * `maxValue` each), all in one pass over the resamples. Figures that are ratios or functions of
 * such sums (swap consistency, first-slot rate, kappa's confusion table) get their intervals from
 * these, computed per resample. Vectors share float64s in exact integer lanes, as accuracies do.
 */
export function bootstrapSums(resamples: Resamples, all: readonly Uint8Array[], maxValue: number): Float64Array[] {
  const { n, count } = resamples;
  const weights = new Uint16Array(n);
  // Vectors of zeros (a judge that never ties, never fails) sum to zero in every resample.
  const zeros = new Float64Array(count);
  const live = all.map((v, j) => [v, j] as const).filter(([v]) => v.some((x) => x !== 0));
  const vectors = live.map(([v]) => v);
  const { lanes, base } = laneLayout(Math.max(1, maxValue) * n);
  const width = Math.ceil(vectors.length / lanes);
  const packed = new Float64Array(n * width);
  vectors.forEach((v, j) => {
    const column = Math.floor(j / lanes);
    const scale = base ** (j % lanes);
    for (let i = 0; i < n; i++) if (v[i]) packed[i * width + column]! += v[i]! * scale;
  });
  const out = vectors.map(() => new Float64Array(count));
  const sums = new Float64Array(width);
  for (let r = 0; r < count; r++) {
    sums.fill(0);
    resampleWeights(resamples, r, weights);
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const row = i * width;
      for (let p = 0; p < width; p++) sums[p]! += w * packed[row + p]!;
    }
    for (let p = 0; p < width; p++) {
      let rest = sums[p]!;
      for (let l = 0, j = p * lanes; l < lanes && j < vectors.length; l++, j++) {
        const next = Math.floor(rest / base);
        out[j]![r] = rest - next * base;
        rest = next;
      }
    }
  }
  const result = all.map(() => zeros);
  live.forEach(([, j], k) => (result[j] = out[k]!));
  return result;
}
