import cliProgress from 'cli-progress';
import type { StepProgress } from '../build/step-progress.js';

/** A bar per build step on a terminal; elsewhere a plain line every few seconds and at the end. */
export function stepProgressDisplay(stream: NodeJS.WriteStream, intervalMs = 2000) {
  const line = (p: StepProgress) => `${p.step}: ${p.done}/${p.total}${p.reused ? `, ${p.reused} already done` : ''}${p.failed ? `, ${p.failed} failed` : ''}`;
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    let step = '';
    return {
      update(p: StepProgress) {
        if (p.step !== step) {
          bar?.stop();
          bar = new cliProgress.SingleBar({ stream, format: `${p.step} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | reused {reused} | failed {failed}`, hideCursor: true }, cliProgress.Presets.shades_classic);
          bar.start(p.total, p.done, { reused: p.reused, failed: p.failed });
          step = p.step;
        } else bar!.update(p.done, { reused: p.reused, failed: p.failed });
      },
      stop: () => bar?.stop(),
    };
  }
  let last: StepProgress | undefined;
  let printed: StepProgress | undefined;
  const timer = setInterval(() => {
    if (last && last !== printed) stream.write(`${line(last)}\n`);
    printed = last;
  }, intervalMs);
  timer.unref();
  return {
    update(p: StepProgress) {
      if (last && last.step !== p.step && last !== printed) stream.write(`${line(last)}\n`);
      last = p;
    },
    stop() {
      clearInterval(timer);
      if (last && last !== printed) stream.write(`${line(last)}\n`);
      printed = last;
    },
  };
}
