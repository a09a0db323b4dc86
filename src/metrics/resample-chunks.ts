import { laneLayout } from './lane-layout.js';
import { resampleWeights, type Resamples } from './bootstrap.js';

// Resamples per chunk: a chunk's packed weights of a thousand cases stay in the second-level cache.
const CHUNK = 128;
// Chunks are drawn once and kept when all of them fit in this many bytes; above, each use draws them again.
const KEEP_BYTES = 16 * 1024 * 1024;

/**
 * The resamples' weights as the bootstraps gather them: `lanes` resamples share one float64 in
 * exact integer lanes (resample r0 + b * lanes + l in lane l of block b), and a chunk's blocks of
 * one case lie side by side, so a gathered case feeds every resample of the chunk with one
 * contiguous run of additions. Lanes stay exact as long as no total over cases exceeds
 * `maxPerCase` per case, since the weights of a resample add up to the number of cases.
 */
export class ResampleChunks {
  readonly lanes: number;
  readonly base: number;
  /** Blocks per chunk: a multiple of 8, since the gathers keep eight blocks' totals in registers. */
  readonly blocks: number;
  /** Resamples per chunk (the last chunk may hold fewer). */
  readonly size: number;
  readonly count: number;
  private readonly kept: Float64Array[] | undefined;
  private readonly scratch: Float64Array;

  constructor(
    readonly resamples: Resamples,
    readonly maxPerCase: number,
  ) {
    const layout = laneLayout(maxPerCase * resamples.n);
    this.lanes = layout.lanes;
    this.base = layout.base;
    this.blocks = 8 * Math.ceil(CHUNK / this.lanes / 8);
    this.size = this.blocks * this.lanes;
    this.count = Math.ceil(resamples.count / this.size);
    const bytes = this.count * this.blocks * resamples.n * 8;
    this.kept = bytes <= KEEP_BYTES ? Array.from({ length: this.count }, (_, c) => this.draw(c, new Float64Array(this.blocks * resamples.n))) : undefined;
    this.scratch = this.kept ? new Float64Array(0) : new Float64Array(this.blocks * resamples.n);
  }

  /** `given` when its lanes hold totals up to `maxPerCase` per case, else chunks of its own. */
  static fitting(given: ResampleChunks | undefined, resamples: Resamples, maxPerCase: number): ResampleChunks {
    return given && given.maxPerCase >= maxPerCase ? given : new ResampleChunks(resamples, maxPerCase);
  }

  /** The first resample of chunk c and the end of its range. */
  range(c: number): { from: number; to: number } {
    const from = c * this.size;
    return { from, to: Math.min(this.resamples.count, from + this.size) };
  }

  /**
   * Chunk c's packed weights: case i's block b at [i * blocks + b]; blocks past the chunk's end
   * are zero. Valid until the next call when the chunks are not kept.
   */
  chunk(c: number): Float64Array {
    return this.kept ? this.kept[c]! : this.draw(c, this.scratch);
  }

  private draw(c: number, packed: Float64Array): Float64Array {
    const { n } = this.resamples;
    const { from, to } = this.range(c);
    const weights = new Uint16Array(n);
    packed.fill(0);
    for (let r = from; r < to; r++) {
      resampleWeights(this.resamples, r, weights);
      const b = Math.floor((r - from) / this.lanes);
      const scale = this.base ** ((r - from) % this.lanes);
      for (let i = 0; i < n; i++) if (weights[i]) packed[i * this.blocks + b]! += weights[i]! * scale;
    }
    return packed;
  }
}
