import { bootstrapAccuracy, type AccuracyEstimates, type CaseScores } from './accuracy-bootstrap.js';
import type { Resamples } from './bootstrap.js';
import { ResampleChunks } from './resample-chunks.js';
import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { figureIntervals, groupFigureIntervals, type FigureIntervals, type JudgeVerdicts } from './figure-intervals.js';
import { ScoringThread, worthASecondThread } from './scoring-thread.js';

/** A share of the bootstrap: accuracy of some score vectors, the other figures of some judges. */
export interface BootstrapShare {
  readonly table: CaseTable;
  readonly resamples: Resamples;
  readonly vectors: readonly CaseScores[];
  readonly judges: readonly JudgeVerdicts[];
  /** The other figures' intervals per group too (about ten times the work of all cases'). */
  readonly groupIntervals: boolean;
}

export interface BootstrapResults {
  readonly accuracy: AccuracyEstimates[];
  /** Per judge, per dimension. */
  readonly figures: FigureIntervals[][];
  /** Per grouping, judge, dimension and group, when asked for. */
  readonly groupFigures: Record<GroupingName, FigureIntervals[][][]> | null;
}

export function bootstrapShare({ table, resamples, vectors, judges, groupIntervals }: BootstrapShare): BootstrapResults {
  // Every bootstrap gathers the same packed weights: drawn once, when they fit in memory.
  const chunks = new ResampleChunks(resamples, Math.max(2, ...vectors.map((v) => v.trials)));
  return {
    accuracy: bootstrapAccuracy(table, resamples, vectors, chunks),
    figures: figureIntervals(table, judges, resamples, chunks),
    groupFigures: groupIntervals ? groupFigureIntervals(table, judges, resamples, chunks) : null,
  };
}

/** The results of two shares of the judges, in order: `first`'s judges come first. */
function joined(first: BootstrapResults, second: BootstrapResults): BootstrapResults {
  const groups = first.groupFigures && second.groupFigures;
  return {
    accuracy: [...first.accuracy, ...second.accuracy],
    figures: [...first.figures, ...second.figures],
    groupFigures: groups ? (Object.fromEntries(GROUPINGS.map((g) => [g, [...first.groupFigures![g], ...second.groupFigures![g]]])) as Record<GroupingName, FigureIntervals[][][]>) : null,
  };
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
  const { table, resamples, vectors, judges, groupIntervals } = share;
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
    const remote = thread.bootstrap({ table, resamples, vectors: vectors.slice(0, vectorSplit), judges: judges.slice(0, judgeSplit).map(({ orders, verdicts }) => ({ orders, verdicts })), groupIntervals });
    // Its failure is seen when awaited; until then this thread works on.
    remote.catch(() => {});
    const beside = alongside();
    const local = bootstrapShare({ table, resamples, vectors: vectors.slice(vectorSplit), judges: judges.slice(judgeSplit), groupIntervals });
    const other = await remote.catch(() => bootstrapShare({ table, resamples, vectors: vectors.slice(0, vectorSplit), judges: judges.slice(0, judgeSplit), groupIntervals }));
    return { ...joined(other, local), alongside: beside };
  } finally {
    if (!given) thread.close();
  }
}
