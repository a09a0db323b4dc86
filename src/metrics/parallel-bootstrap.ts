import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bootstrapAccuracy, type AccuracyEstimates, type CaseScores } from './accuracy-bootstrap.js';
import type { Resamples } from './bootstrap.js';
import type { CaseTable } from './case-table.js';
import { figureIntervals, type FigureIntervals, type JudgeVerdicts } from './figure-intervals.js';

// Below this much work (vectors x cases x resamples) a worker's start-up costs more than it saves.
// MRB_WORKER_THRESHOLD lowers it, so the worker path can be tested on small data.
const WORKER_THRESHOLD = Number(process.env.MRB_WORKER_THRESHOLD ?? 50_000_000);

// Workers do not inherit a TypeScript loader's hooks, so only the built code (what `mrb` runs)
// splits the work; run from source, everything stays on one thread.
const canUseWorker = import.meta.url.startsWith('file:') && import.meta.url.endsWith('.js');

/** A share of the bootstrap: accuracy of some score vectors, the other figures of some judges. */
export interface BootstrapShare {
  readonly table: CaseTable;
  readonly resamples: Resamples;
  readonly vectors: readonly CaseScores[];
  readonly judges: readonly JudgeVerdicts[];
}

export interface BootstrapResults {
  readonly accuracy: AccuracyEstimates[];
  /** Per judge, per dimension. */
  readonly figures: FigureIntervals[][];
}

export function bootstrapShare({ table, resamples, vectors, judges }: BootstrapShare): BootstrapResults {
  return { accuracy: bootstrapAccuracy(table, resamples, vectors), figures: figureIntervals(table, judges, resamples) };
}

// The worker's share of each kind of work. It starts later than this thread (a new isolate loading
// the modules), but this thread also does `alongside` first: about half each.
const WORKER_SHARE = 0.5;

/**
 * Accuracy's and the other figures' bootstraps, with part of each on a worker thread when the
 * machine has a core to spare and the work is large enough; `alongside` runs on this thread
 * meanwhile. Results are the same either way: every vector and judge sees the same resamples.
 */
export async function bootstrapInParallel<T>(share: BootstrapShare, alongside: () => T): Promise<BootstrapResults & { alongside: T }> {
  const { table, resamples, vectors, judges } = share;
  const work = vectors.length * table.n * resamples.count;
  const alone = () => {
    const other = alongside();
    return { ...bootstrapShare(share), alongside: other };
  };
  if (!canUseWorker || availableParallelism() < 2 || work < WORKER_THRESHOLD) return alone();
  const vectorSplit = Math.round(vectors.length * WORKER_SHARE);
  const judgeSplit = Math.round(judges.length * WORKER_SHARE);
  const worker = new Worker(new URL('./bootstrap-worker.js', import.meta.url));
  try {
    const remote = new Promise<BootstrapResults>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`bootstrap worker exited with ${code}`)));
    });
    // Only what the figures need crosses to the worker: verdicts, not latencies or judge names.
    const sent: BootstrapShare = { table, resamples, vectors: vectors.slice(0, vectorSplit), judges: judges.slice(0, judgeSplit).map(({ orders, verdicts }) => ({ orders, verdicts })) };
    worker.postMessage(sent);
    const beside = alongside();
    const local = bootstrapShare({ table, resamples, vectors: vectors.slice(vectorSplit), judges: judges.slice(judgeSplit) });
    const other = await remote;
    return { accuracy: [...other.accuracy, ...local.accuracy], figures: [...other.figures, ...local.figures], alongside: beside };
  } catch {
    // No worker (an unusual loader, a sandbox): the same work on this thread.
    return alone();
  } finally {
    void worker.terminate();
  }
}
