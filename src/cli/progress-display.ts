import cliProgress from 'cli-progress';
import { progressLine, type Progress } from '../runner/progress.js';

export interface ProgressDisplay {
  update(progress: Progress): void;
  stop(): void;
}

/** A live bar on a terminal; elsewhere (CI logs, pipes) a plain line every few seconds. */
export function progressDisplay(stream: NodeJS.WriteStream, intervalMs: number): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: '{bar} {percentage}% | {value}/{total} trials | {rate}/s | ETA {eta_formatted} | reused {reused} | failed {failed}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const rate = ((p.answered + p.failed) / Math.max(0.001, (Date.now() - p.startedAt) / 1000)).toFixed(1);
        if (!started) {
          bar.start(p.total, p.done, { rate, reused: p.reused, failed: p.failed });
          started = true;
        } else bar.update(p.done, { rate, reused: p.reused, failed: p.failed });
      },
      stop: () => bar.stop(),
    };
  }
  let last: Progress | undefined;
  let printed: Progress | undefined;
  const timer = setInterval(() => {
    if (last && last !== printed) {
      stream.write(`progress: ${progressLine(last)}\n`);
      printed = last;
    }
  }, intervalMs);
  timer.unref();
  return {
    update(p) {
      last = p;
    },
    stop() {
      clearInterval(timer);
      if (last && last !== printed) stream.write(`progress: ${progressLine(last)}\n`);
      printed = last;
    },
  };
}
