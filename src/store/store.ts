import type { CaseRecord } from '../dataset/case.js';
import type { Order } from '../protocol/verdict.js';
import type { SqliteResultsRead } from './sqlite-results-read.js';

export const RUN_STATUSES = ['running', 'completed', 'incomplete', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunRecord<Settings = unknown, Dataset = unknown> {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: RunStatus;
  readonly settings: Settings;
  readonly dataset: Dataset;
}

/** A trial's place in a run: which case, judge, order and sample, and the key of its exact request. */
export interface TrialRecord {
  readonly caseUid: string;
  readonly judge: string;
  readonly order: Order;
  readonly sample: number;
  readonly key: string;
}

export const ERROR_KINDS = ['rate-limit', 'server', 'timeout', 'network', 'client', 'auth', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The stored outcome of a trial: what the model said (never parsed here), what it cost, or why it failed. */
export interface JudgmentRecord {
  readonly key: string;
  readonly judge: string;
  readonly rawOutput: string | null;
  readonly reasoning: string | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly latencyMs: number;
  readonly attempts: number;
  readonly error: string | null;
  readonly errorKind: ErrorKind | null;
  readonly createdAt: string;
}

/** How far a run has come: its planned trials, those with a stored judgment, and those whose judgment is an error. */
export interface RunProgress {
  readonly trials: number;
  readonly judged: number;
  readonly failed: number;
}

export interface TrialResult extends TrialRecord {
  readonly judgment: JudgmentRecord | null;
}

/** Who is running a run: a process, named so another process can tell whether it is still alive. */
export interface PendingWork {
  readonly unanswered: number;
  readonly claimedByOthers: number;
  readonly claimable: number;
  /** Trial rows stored so far: fewer than the dataset gives while the run's maker is still planning. */
  readonly trials: number;
}

export interface LeaseHolder {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
  readonly expiresAt: string;
}

/** A worker's claim on trials: who, and until when unless renewed. */
export interface ClaimHolder {
  readonly owner: string;
  readonly host: string;
  readonly pid: number;
}

/** What one worker holds and has done in a run, for `mrb status`. */
export interface WorkerClaims extends ClaimHolder {
  readonly claimed: number;
  readonly done: number;
  /** When its live claims expire unless renewed: a worker that stopped renewing is gone. */
  readonly expiresAt: string | null;
}

/** Which of a run's trials to read. */
export interface TrialScope {
  /** Only the trials of these cases (by uid). */
  readonly cases?: readonly string[];
  readonly ordered?: boolean;
}

/** Where runs, trials and judgments live. Every report is computed from what a store holds. */
export interface Store {
  readonly location: string;
  /** Creates the run, or returns the stored one with the same id (a resumed run keeps its start time). */
  openRun<S, D>(init: { id: string; settings: S; dataset: D }): Promise<{ run: RunRecord<S, D>; resumed: boolean }>;
  setRunStatus(runId: string, status: RunStatus): Promise<void>;
  /** Writes a run record exactly as given (times and status included): how `mrb store copy` moves runs. */
  putRun(run: RunRecord): Promise<void>;
  getRun<S = unknown, D = unknown>(runId: string): Promise<RunRecord<S, D> | undefined>;
  listRuns(): Promise<RunRecord[]>;
  putCases(runId: string, cases: readonly CaseRecord[], firstPosition: number): Promise<void>;
  removeCases(runId: string, uids: readonly string[]): Promise<void>;
  runCases(runId: string): Promise<CaseRecord[]>;
  putTrials(runId: string, trials: readonly TrialRecord[]): Promise<void>;
  /** Drops trials of judges, orders or samples the run no longer has (its settings changed). */
  pruneTrials(runId: string, keep: { judges: readonly string[]; orders: readonly string[]; samples: number }): Promise<void>;
  /** Of these keys, those that already hold a judgment without an error. */
  answeredKeys(keys: readonly string[]): Promise<Set<string>>;
  /**
   * Stores judgments in one transaction: all of them, or (on a crash) none. With `finished`, the
   * same transaction marks that worker's claims on their keys done (as `finishClaims`).
   */
  putJudgments(judgments: readonly JudgmentRecord[], finished?: { runId: string; owner: string }): Promise<void>;
  /**
   * The run's trials with their judgments: all of them, or those of some cases. In one order on
   * every database (case, judge, order, sample) unless `ordered` is false, which scoring passes
   * because it does not need one.
   */
  runResults(runId: string, scope?: TrialScope): Promise<TrialResult[]>;
  /**
   * The same read (of all trials, or of these cases') as statements any thread can run on a SQLite
   * connection of its own (`readSqliteResults`); undefined (or absent) for a store that is not a
   * SQLite file.
   */
  sqliteResultsRead?(runId: string, cases?: readonly string[]): SqliteResultsRead | undefined;
  /**
   * A hash of the run's rows that its reports are computed from: its cases, its trials and which
   * judgment each trial has (an answer is never overwritten, and a failed attempt that is replaced
   * leaves another time). With the run's record, the same digest gives the same reports.
   */
  resultsDigest(runId: string): Promise<string>;
  /** Counts only, without reading any output: what a viewer polls while a run is in progress. */
  runProgress(runId: string): Promise<RunProgress>;
  /**
   * Claims the run for one process, so two processes never send the same trials. A lease that has
   * expired, or that `isAbandoned` declares dead, is taken over; otherwise the holder is returned.
   */
  acquireRunLease(runId: string, holder: Omit<LeaseHolder, 'expiresAt'>, ttlMs: number, isAbandoned: (h: LeaseHolder) => boolean): Promise<LeaseHolder | undefined>;
  renewRunLease(runId: string, owner: string, ttlMs: number): Promise<void>;
  releaseRunLease(runId: string, owner: string): Promise<void>;
  /** Who holds the run (the process that made it and plans its trials), if anyone. */
  runLease(runId: string): Promise<LeaseHolder | undefined>;
  /**
   * Claims, for one worker, the unanswered trials of these cases (of the whole run when no cases
   * are given) that no other worker holds, at most `limit` keys; returns every trial row of the
   * claimed keys (trials that send the same request share a key). A claim nobody
   * renewed before it expired is taken over. Atomic: two workers never get the same key.
   */
  claimTrials(runId: string, holder: ClaimHolder, options: { ttlMs: number; caseUids?: readonly string[]; limit?: number }): Promise<TrialRecord[]>;
  /** Marks these keys done in this session: not claimed again until the next session of the run. */
  finishClaims(runId: string, owner: string, keys: readonly string[]): Promise<void>;
  renewClaims(runId: string, owner: string, ttlMs: number): Promise<void>;
  /** Gives back a worker's unfinished claims (on exit), so others take them at once. */
  releaseClaims(runId: string, owner: string): Promise<void>;
  /** A new session of the run: forgets what was done (failed trials may be tried again) and dead claims. */
  resetClaims(runId: string): Promise<void>;
  /** Keys of the run not yet answered, how many of them other live workers hold, and the trial rows planned so far. */
  pendingWork(runId: string, owner: string): Promise<PendingWork>;
  workerClaims(runId: string): Promise<WorkerClaims[]>;
  close(): Promise<void>;
}
