import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bootstrapAccuracy, type AccuracyEstimates, type CaseScores } from './accuracy-bootstrap.js';
import type { Resamples } from './bootstrap.js';
import type { CaseTable } from './case-table.js';

// Below this much work (vectors x cases x resamples) a worker's start-up costs more than it saves.
// MRB_WORKER_THRESHOLD lowers it, so the worker path can be tested on small data.
const WORKER_THRESHOLD = Number(process.env.MRB_WORKER_THRESHOLD ?? 50_000_000);

// Workers do not inherit a TypeScript loader's hooks, so only the built code (what `mrb` runs)
// splits the work; run from source, everything stays on one thread.
const canUseWorker = import.meta.url.startsWith('file:') && import.meta.url.endsWith('.js');

/**
 * `bootstrapAccuracy`, with part of the vectors on a worker thread when the machine has a core to
 * spare and the work is large enough; `alongside` runs on this thread meanwhile. Results are the
 * same either way: every vector sees the same resamples.
 */
export async function bootstrapAccuracyInParallel<T>(
  table: CaseTable,
  resamples: Resamples,
  vectors: readonly CaseScores[],
  alongside: () => T,
): Promise<{ estimates: AccuracyEstimates[]; alongside: T }> {
  const work = vectors.length * table.n * resamples.count;
  if (!canUseWorker || availableParallelism() < 2 || work < WORKER_THRESHOLD) {
    return { estimates: bootstrapAccuracy(table, resamples, vectors), alongside: alongside() };
  }
  // The worker takes the larger share: this thread also does `alongside`.
  const split = Math.ceil(vectors.length * 0.75);
  const worker = new Worker(new URL('./bootstrap-worker.js', import.meta.url));
  try {
    const remote = new Promise<AccuracyEstimates[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`bootstrap worker exited with ${code}`)));
    });
    worker.postMessage({ table, resamples, vectors: vectors.slice(0, split) });
    const local = bootstrapAccuracy(table, resamples, vectors.slice(split));
    const other = alongside();
    return { estimates: [...(await remote), ...local], alongside: other };
  } catch {
    // No worker (an unusual loader, a sandbox): the same work on this thread.
    return { estimates: bootstrapAccuracy(table, resamples, vectors), alongside: alongside() };
  } finally {
    void worker.terminate();
  }
}
