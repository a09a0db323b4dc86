/** Counts of a run in progress, as shown on the progress bar and in plain progress lines. */
export interface Progress {
  /** Trials the run consists of. */
  readonly total: number;
  /** Trials with a stored answer or a recorded failure, earlier runs' included. */
  readonly done: number;
  /** Answers found in the store instead of being requested again. */
  readonly reused: number;
  /** Requests that got an answer in this session. */
  readonly answered: number;
  /** Trials that failed after every retry in this session. */
  readonly failed: number;
  readonly startedAt: number;
}

export function progressLine(p: Progress, now = Date.now()): string {
  const elapsed = (now - p.startedAt) / 1000;
  const fresh = p.answered + p.failed;
  const rate = elapsed > 0 ? fresh / elapsed : 0;
  const remaining = p.total - p.done;
  const eta = rate > 0 ? `${Math.ceil(remaining / rate)}s` : '?';
  const percent = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
  return `${p.done}/${p.total} trials (${percent}%), ${rate.toFixed(1)}/s, ETA ${eta}, reused ${p.reused}, failed ${p.failed}`;
}
