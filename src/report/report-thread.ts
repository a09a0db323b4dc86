import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ReportModel } from './report-model.js';

// Workers do not inherit a TypeScript loader's hooks, so only the built code (what `mrb` runs)
// starts one; run from source, the report is rendered on this thread.
const canUseWorker = import.meta.url.startsWith('file:') && import.meta.url.endsWith('.js');

export type ReportReply = { readonly html: string } | { readonly error: string };

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

  /** A started thread, or undefined where none can run (source code under a loader, one core). */
  static start(): ReportThread | undefined {
    if (!canUseWorker || availableParallelism() < 2) return undefined;
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
