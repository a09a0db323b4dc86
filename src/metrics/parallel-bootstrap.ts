import { bootstrapAccuracy, type AccuracyEstimates, type CaseScores } from './accuracy-bootstrap.js';
import type { Resamples } from './bootstrap.js';
import { ResampleChunks } from './resample-chunks.js';
import type { CaseTable } from './case-table.js';
import { figureIntervals, type FigureIntervals, type JudgeVerdicts } from './figure-intervals.js';
import { ScoringThread, worthASecondThread } from './scoring-thread.js';

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
  // Both bootstraps gather the same packed weights: drawn once, when they fit in memory.
  const chunks = new ResampleChunks(resamples, Math.max(2, ...vectors.map((v) => v.trials)));
  return { accuracy: bootstrapAccuracy(table, resamples, vectors, chunks), figures: figureIntervals(table, judges, resamples, chunks) };
}

// The second thread's share of each kind of work. This thread also does `alongside` first, so
// the second takes more of the figures. Accuracy's half is one batch of vectors on each side.
const SECOND_VECTOR_SHARE = 0.5;
const SECOND_JUDGE_SHARE = 0.6;

/**
 * Accuracy's and the other figures' bootstraps, with part of each on a second thread (the one
 * given, or one started here when the work is large enough); `alongside` runs on this thread
 * meanwhile. Results are the same either way: every vector and judge sees the same resamples.
 */
export async function bootstrapInParallel<T>(share: BootstrapShare, alongside: () => T, given?: ScoringThread): Promise<BootstrapResults & { alongside: T }> {
  const { table, resamples, vectors, judges } = share;
  const thread = given ?? (worthASecondThread(judges.length, table.n, resamples.count) ? ScoringThread.start() : undefined);
  const alone = () => {
    const other = alongside();
    return { ...bootstrapShare(share), alongside: other };
  };
  if (!thread) return alone();
  const vectorSplit = Math.round(vectors.length * SECOND_VECTOR_SHARE);
  const judgeSplit = Math.round(judges.length * SECOND_JUDGE_SHARE);
  try {
    // Only what the figures need crosses to the thread: verdicts, not latencies or judge names.
    const remote = thread.bootstrap({ table, resamples, vectors: vectors.slice(0, vectorSplit), judges: judges.slice(0, judgeSplit).map(({ orders, verdicts }) => ({ orders, verdicts })) });
    // Its failure is seen when awaited; until then this thread works on.
    remote.catch(() => {});
    const beside = alongside();
    const local = bootstrapShare({ table, resamples, vectors: vectors.slice(vectorSplit), judges: judges.slice(judgeSplit) });
    const other = await remote.catch(() => bootstrapShare({ table, resamples, vectors: vectors.slice(0, vectorSplit), judges: judges.slice(0, judgeSplit) }));
    return { accuracy: [...other.accuracy, ...local.accuracy], figures: [...other.figures, ...local.figures], alongside: beside };
  } finally {
    if (!given) thread.close();
  }
}
