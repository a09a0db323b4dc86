import type { CaseRecord } from '../../dataset/case.js';
import { scoreTrial, type Outcome } from '../../metrics/outcome.js';
import { scoreRun, type RunScore } from '../../metrics/score-run.js';
import type { Dimension } from '../../protocol/dimensions.js';
import type { JudgeMode } from '../../protocol/judge-mode.js';
import type { Choice, Order } from '../../protocol/verdict.js';
import type { JudgmentRecord, RunProgress, Store, TrialResult } from '../../store/store.js';

/** One trial as the viewer shows it: the verdict in the dataset's letters, beside what it cost. */
export interface TrialView {
  readonly judge: string;
  readonly mode: JudgeMode;
  readonly order: Order;
  readonly sample: number;
  /** Per dimension: the choice, or why none could be read; null when there is no answer yet. */
  readonly verdict: Readonly<Record<Dimension, { choice: Choice } | { failure: string }>> | null;
  readonly outcomes: Readonly<Record<Dimension, Outcome>>;
  readonly reason: string | null;
  readonly judgment: JudgmentRecord | null;
}

export interface CaseEntry {
  readonly record: CaseRecord;
  readonly trials: readonly TrialView[];
}

/** A run as read at one moment: scored, with every case's trials at hand. */
export interface RunSnapshot {
  readonly score: RunScore;
  readonly progress: RunProgress;
  readonly entries: readonly CaseEntry[];
  readonly byUid: ReadonlyMap<string, CaseEntry>;
  readonly takenAt: number;
}

function snapshotOf(score: RunScore, results: readonly TrialResult[], progress: RunProgress): RunSnapshot {
  const trials = new Map<string, TrialView[]>();
  const byCase = new Map(score.cases.map((c) => [c.uid, c]));
  for (const result of results) {
    const record = byCase.get(result.caseUid);
    if (!record) continue;
    // Pointwise and reward judges store one output per answer, already in the dataset's letters.
    const mode = score.modes.get(result.judge);
    const t = scoreTrial(record, result, score.parser, mode);
    const list = trials.get(result.caseUid) ?? trials.set(result.caseUid, []).get(result.caseUid)!;
    list.push({ judge: result.judge, mode: mode ?? 'pairwise', order: result.order, sample: result.sample, verdict: t.verdict, outcomes: t.outcomes, reason: t.reason, judgment: result.judgment });
  }
  const judges = score.run.settings.judges.map((j) => j.spec);
  const entries = score.cases.map((record) => ({
    record,
    trials: (trials.get(record.uid) ?? []).sort((a, b) => judges.indexOf(a.judge) - judges.indexOf(b.judge) || a.order.localeCompare(b.order) || a.sample - b.sample),
  }));
  return { score, progress, entries, byUid: new Map(entries.map((e) => [e.record.uid, e])), takenAt: Date.now() };
}

/**
 * Snapshots of runs, re-read only when the store has moved on: a finished run is scored once, a run
 * in progress at most every `minAgeMs`, however often the browser polls.
 */
export class RunSnapshots {
  private readonly cache = new Map<string, { key: string; snapshot: Promise<RunSnapshot> }>();

  constructor(
    private readonly store: Store,
    private readonly options: { resamples: number; minAgeMs: number },
  ) {}

  async get(runId: string): Promise<RunSnapshot> {
    const [run, progress] = await Promise.all([this.store.getRun(runId), this.store.runProgress(runId)]);
    const key = `${run?.updatedAt}|${progress.trials}|${progress.judged}|${progress.failed}`;
    const cached = this.cache.get(runId);
    if (cached && (cached.key === key || Date.now() - (await cached.snapshot).takenAt < this.options.minAgeMs)) return cached.snapshot;
    // The viewer shows every trial of a run, so unlike the file writers it holds them all.
    const snapshot = Promise.all([scoreRun(this.store, runId, { resamples: this.options.resamples }), this.store.runResults(runId)]).then(([score, results]) =>
      snapshotOf(score, results, progress),
    );
    this.cache.set(runId, { key, snapshot });
    snapshot.catch(() => this.cache.delete(runId));
    return snapshot;
  }
}

