import { Worker } from 'node:worker_threads';
import { secondThreadPossible } from '../metrics/scoring-thread.js';
import type { ReportModel } from './report-model.js';

export type ReportReply = { readonly html: string } | { readonly error: string };

// Above this many cases the report is drawn on the main thread: the thread's own heap and charting
// library (about 35 MB) would sit beside the writing of a large run's files, which sets its peak
// memory (docs/performance.md), and the report is then a small part of such a run's time.
const MAX_THREAD_CASES = 5_000;

/**
 * A second thread that draws the HTML report while this one writes the other result files: at the
 * end of a small run, drawing the charts (vega, loaded and compiled for the purpose) was a third
 * of what `mrb run` did after its last request. Started before scoring, so vega loads meanwhile.
 */
export class ReportThread {
  private constructor(private readonly worker: Worker) {
    // It must not keep the process alive if a command ends without closing it.
    worker.unref();
  }

  /** A started thread for a report of this many cases, or undefined where none can or should run. */
  static start(cases: number): ReportThread | undefined {
    if (!secondThreadPossible() || cases > MAX_THREAD_CASES) return undefined;
    try {
      return new ReportThread(new Worker(new URL('./report-worker.js', import.meta.url)));
    } catch {
      return undefined;
    }
  }

  /** The report's HTML, drawn on the thread; rejects if the thread fails or exits first. */
  render(model: ReportModel): Promise<string> {
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      const exited = (code: number) => reject(new Error(`report thread exited with ${code}`));
      this.worker.once('error', fail);
      this.worker.once('exit', exited);
      this.worker.once('message', (reply: ReportReply) => {
        this.worker.off('error', fail);
        this.worker.off('exit', exited);
        if ('html' in reply) resolve(reply.html);
        else reject(new Error(reply.error));
      });
      this.worker.postMessage(model);
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}
