import { Worker } from 'node:worker_threads';
import { MAX_THREAD_CASES, secondThreadPossible } from '../metrics/scoring-thread.js';
import type { ReportModel } from './report-model.js';

export type ReportReply = { readonly html: string } | { readonly error: string };

/**
 * A second thread that draws the HTML report while this one writes the other result files: at the
 * end of a small run, drawing the charts (vega, loaded and compiled for the purpose) was a third
 * of what `mrb run` did after its last request. Started before scoring, so vega loads meanwhile.
 * Not above MAX_THREAD_CASES: its own heap and charting library (about 35 MB) would sit beside the
 * writing of a large run's files, which sets the run's peak memory, for a small part of its time.
 */
export class ReportThread {
  private waiting: { resolve: (html: string) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private stopped = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ReportReply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if ('html' in reply) waiting?.resolve(reply.html);
      else waiting?.reject(new Error(reply.error));
    });
    // Listened to from the start: an error or exit before the report is asked for fails the ask.
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    worker.on('error', fail);
    worker.on('messageerror', fail);
    worker.on('exit', (code) => fail(new Error(`report thread exited with ${code}`)));
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

  /** The report's HTML, drawn on the thread; rejects if the thread fails or has exited. One report at a time. */
  render(model: ReportModel): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('the report thread is already drawing a report'));
    return new Promise((resolve, reject) => {
      this.worker.postMessage(model);
      this.waiting = { resolve, reject };
    });
  }

  /** Whether `close` was called: a report it cut short is not wanted any more. */
  get closed(): boolean {
    return this.stopped;
  }

  close(): void {
    this.stopped = true;
    void this.worker.terminate();
  }
}
