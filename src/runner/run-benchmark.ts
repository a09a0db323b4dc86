import { setMaxListeners } from 'node:events';
import type { DatasetCheck } from '../dataset/validate-dataset.js';
import type { JudgeConfig, TokenPrice } from '../judges/judge-config.js';
import type { Judge, JudgeReply, PreparedTrial } from '../judges/judge.js';
import { tokenCost } from '../judges/token-cost.js';
import { AbortedError } from '../providers/chat.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { Order } from '../protocol/verdict.js';
import { openStore } from '../store/open-store.js';
import { inStore } from '../store/store-failure.js';
import type { JudgmentRecord, RunStatus, Store } from '../store/store.js';
import { runPool } from './pool.js';
import { readAhead } from './read-ahead.js';
import type { Progress } from './progress.js';
import { sleep, withRetry, type RetryOutcome, type RetryPolicy } from './retry.js';
import { FailureTally, type FailureSummary } from './failure-tally.js';
import { CostBudget } from './cost-budget.js';
import { TrialEstimator } from './trial-estimate.js';
import { abandoned, withRunLease } from './run-lease.js';
import { prepareJoin, prepareRun, readValidCases } from './prepare-run.js';
import { claimedWork, claimHolder, releaseDeadClaims, type ClaimedItem, type ClaimOptions } from './claimed-work.js';
import type { Case } from '../dataset/case.js';
import { JudgmentWriter } from './judgment-writer.js';
import { RunChangedError } from './run-changed-error.js';

export interface RunOptions {
  readonly data: string;
  readonly organs?: readonly string[];
  readonly judges: readonly JudgeConfig[];
  readonly orders: readonly Order[];
  readonly parser: ParserName;
  readonly store: string;
  readonly runId?: string;
  readonly concurrency: number;
  readonly skipInvalid: boolean;
  readonly retry: RetryPolicy;
  /** Dollars: no request is sent that could take the run's spending past this. */
  readonly maxCost?: number;
  /** Stop the run when this many requests in a row to one judge fail after their retries (default 10). */
  readonly maxFailuresInARow?: number;
  /** Join a run another process made, as one more worker: its judges and settings come from the store. */
  readonly join?: JoinOptions;
}

export interface JoinOptions {
  readonly runId: string;
  /** This worker's own server (model replica) for the run's judges. */
  readonly baseUrls?: readonly string[];
  /** Where this machine has the dataset, when not at the path the run recorded. */
  readonly data?: string;
}

export interface RunHooks {
  readonly signal?: AbortSignal;
  /**
   * Called once the run is known, before any request. `finished`: the run was complete on these
   * very files already, and nothing is left to send.
   */
  onStart?(info: { runId: string; resumed: boolean; finished: boolean; check: DatasetCheck; total: number }): void;
  onProgress?(progress: Progress): void;
}

export interface RunResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly check: DatasetCheck;
  readonly progress: Progress;
  /** Failed trials of this session, by judge and kind of error, with an example message each. */
  readonly failures: readonly FailureSummary[];
  /** Why the run stopped before trying every trial, when it did. */
  readonly stopReason?: string;
}


export const DEFAULT_MAX_FAILURES_IN_A_ROW = 10;


/**
 * Judges every valid case with every judge in every order, sending only trials the store has no
 * answer for. Each answer is stored the moment it arrives, so a killed run loses nothing.
 */
export async function runBenchmark(options: RunOptions, hooks: RunHooks = {}): Promise<RunResult> {
  const store = await openStore(options.store, options.join ? { mustExist: true } : {});
  try {
    const { source, judges, check, settings, dataset, runId, finishedAt } = options.join ? await prepareJoin(store, options.join) : await prepareRun(options, { store });
    const session = async (): Promise<RunResult> => {
      // Another process may have run it on other data (the same --run) before this one held it.
      if (finishedAt !== undefined && (await store.getRun(runId))?.updatedAt !== finishedAt) {
        throw new RunChangedError(`run ${runId} was run by another process while this one started; run the same command again`);
      }
      let resumed = true;
      if (!options.join) {
        ({ resumed } = await store.openRun({ id: runId, settings, dataset }));
        if (resumed) await store.pruneTrials(runId, { judges: judges.map((j) => j.spec), orders: options.orders, samples: settings.samples });
        // A new session: trials that failed last time may be tried again; dead workers' claims go.
        await store.resetClaims(runId);
      }
      await releaseDeadClaims(store, runId);
      const orders = settings.orders;
      const total = check.cases * orders.length * judges.reduce((sum, j) => sum + j.samples, 0);
      // Checked again now that this process holds the run: every trial planned and answered.
      const nothingToDo = finishedAt !== undefined && (await isFinished(store, runId, total));
      hooks.onStart?.({ runId, resumed, finished: nothingToDo, check, total });
      const progress = { total, done: nothingToDo ? total : 0, reused: nothingToDo ? total : 0, answered: 0, failed: 0, startedAt: Date.now() };
      const report = () => hooks.onProgress?.({ ...progress });

      // The run stops early when a judge is plainly unreachable or refuses the key, rather than
      // spending every retry of every trial on it.
      const stop = new AbortController();
      // Every trial in flight listens on it, and unlinks when it ends.
      setMaxListeners(options.concurrency + 10, stop.signal);
      const onInterrupt = () => stop.abort();
      hooks.signal?.addEventListener('abort', onInterrupt, { once: true });

      // This process is one worker: it claims trials, renews its claims while it works, and gives
      // back what it did not finish; workers joining the run (`--join`) claim the rest.
      const holder = claimHolder();
      const ttlMs = claimTtlMs();
      const renewal = setInterval(() => void store.renewClaims(runId, holder.owner, ttlMs).catch(() => {}), Math.max(50, ttlMs / 3));
      renewal.unref();
      const writer = new JudgmentWriter(store, { runId, owner: holder.owner });
      // Only a resumed run can hold cases the dataset no longer has; a new one holds those this
      // session stored, every one of them seen. So only then does the run's maker keep and check
      // the seen cases: reading back every case record of a 20,000-case run costs tens of MB.
      const seenCases = resumed && !options.join && !nothingToDo ? new Set<string>() : undefined;
      const claimOptions: ClaimOptions = { store, runId, judges, orders, holder, ttlMs, plans: false, claimSize: Math.max(4, options.concurrency) };
      const work = nothingToDo ? noWork() : allWork(
        total,
        () => readValidCases(source, options.join ? { organs: dataset.organs } : options, check),
        {
          ...claimOptions,
          plans: !options.join,
          ...(seenCases ? { onCase: (uid: string) => seenCases.add(uid) } : {}),
          onSkipped: (rows) => {
            progress.reused += rows;
            progress.done += rows;
            report();
          },
        },
        claimOptions,
        stop.signal,
      );

      let stopReason: string | undefined;
      const failuresInARow = new Map<string, number>();
      const failures = new FailureTally();
      const prices = settings.prices ?? {};
      const estimator = new TrialEstimator();
      const learningGate = new LearningGate();
      const budget = options.maxCost === undefined ? undefined : new CostBudget(options.maxCost, await spentSoFar(store, runId, prices));

      let status: RunStatus;
      try {
        // One claim ahead of the requests: the next batch of cases is read, stored and claimed while
        // this one's requests are out, rather than with every request slot idle (against a fast
        // server those waits were about a tenth of the run).
        await runPool(readAhead(work, claimOptions.claimSize), options.concurrency, async ({ judge, trial, key, rows }) => {
          const price = prices[judge.spec];
          // Until a judge's first reply shows its real usage, its requests go one at a time, each
          // reserving the worst case (every output token of max tokens): a budget is never passed on a guess.
          const learning = budget && price ? await learningGate.enter(judge.spec, () => estimator.hasLearned(judge)) : undefined;
          const estimate = budget && price ? tokenCost(price, ...estimator.worstCase(judge, trial)) : 0;
          if (budget && !budget.reserve(estimate)) {
            learning?.();
            if (!stopReason) stopReason = `the next request could pass --max-cost $${budget.limit} ($${budget.spentSoFar.toFixed(4)} spent so far); finished work is kept, run again with a larger --max-cost to go on`;
            // Requests in flight are paid for: they finish and are stored; only new ones stop.
            throw new BudgetReached();
          }
          let judgment: JudgmentRecord;
          try {
            judgment = await executeTrial(judge, trial, key, options.retry, stop.signal);
          } catch (error) {
            budget?.settle(estimate, 0);
            learning?.();
            throw error;
          }
          budget?.settle(estimate, tokenCost(price, judgment.inputTokens, judgment.outputTokens));
          if (!judgment.error) estimator.learn(judge, trial, judgment);
          learning?.();
          await writer.write(judgment);
          progress.done += rows;
          if (judgment.error) {
            progress.failed++;
            failures.add(judge.spec, judgment.errorKind, judgment.error);
            const inARow = (failuresInARow.get(judge.spec) ?? 0) + 1;
            failuresInARow.set(judge.spec, inARow);
            if (!stopReason && (judgment.errorKind === 'auth' || inARow >= (options.maxFailuresInARow ?? DEFAULT_MAX_FAILURES_IN_A_ROW))) {
              stopReason =
                judgment.errorKind === 'auth'
                  ? `${judge.spec} refused the credentials: ${judgment.error}`
                  : `${inARow} requests in a row to ${judge.spec} failed; last: ${judgment.error}`;
              stop.abort();
            }
          } else {
            progress.answered++;
            failuresInARow.set(judge.spec, 0);
          }
          report();
        });
        // Failures of other workers count too: the run is complete when the store holds every answer.
        status = (await store.pendingWork(runId, holder.owner)).unanswered > 0 ? 'incomplete' : 'completed';
      } catch (error) {
        if (!(error instanceof AbortedError) && !(error instanceof BudgetReached)) throw error;
        status = stopReason ? 'incomplete' : 'interrupted';
      } finally {
        hooks.signal?.removeEventListener('abort', onInterrupt);
        clearInterval(renewal);
        await store.releaseClaims(runId, holder.owner).catch(() => {});
      }
      if (!options.join) {
        if (status === 'completed' && seenCases) await removeStaleCases(store, runId, seenCases);
        await store.setRunStatus(runId, status);
      } else if (status === 'completed') {
        await store.setRunStatus(runId, status);
      }
      return { runId, status, check, progress: { ...progress }, failures: failures.summary(), ...(stopReason ? { stopReason } : {}) };
    };
    // One process makes a run; more join it with --join and share its trials through claims.
    return options.join ? await session() : await withRunLease(store, runId, session);
  } catch (error) {
    throw inStore(error, store.location);
  } finally {
    await store.close();
  }
}

/** The budget is reached: no new request starts; those in flight finish and are stored. */
class BudgetReached extends Error {}

/** One request at a time per judge while `learned()` is false; everyone passes once it is true. */
class LearningGate {
  private readonly tails = new Map<string, Promise<void>>();

  async enter(judge: string, learned: () => boolean): Promise<(() => void) | undefined> {
    for (;;) {
      if (learned()) return undefined;
      const tail = this.tails.get(judge);
      if (!tail) break;
      await tail;
    }
    let leave!: () => void;
    this.tails.set(judge, new Promise<void>((resolve) => (leave = resolve)));
    return () => {
      this.tails.delete(judge);
      leave();
    };
  }
}

/** How long a claim lasts unless renewed: a killed worker's trials go back to the others after it. */
export function claimTtlMs(): number {
  const fromEnv = Number(process.env.MRB_CLAIM_TTL_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

/**
 * The first pass streams the dataset and claims batch by batch; then, while trials are left that
 * no live worker holds (a dead worker's expired claims, or trials the run's maker planned after
 * this worker passed their cases), the dataset is read again for them; while other workers still
 * hold trials or the maker is still planning, this one waits, so the run ends when all of its
 * work is stored.
 */
async function* allWork(
  trialsInDataset: number,
  cases: () => AsyncIterable<Case>,
  first: ClaimOptions,
  sweep: ClaimOptions,
  signal: AbortSignal,
): AsyncGenerator<ClaimedItem> {
  yield* claimedWork(cases(), first);
  let idlePasses = 0;
  while (!signal.aborted) {
    const pending = await sweep.store.pendingWork(sweep.runId, sweep.holder.owner);
    if (!first.plans && pending.claimable === 0 && pending.trials < trialsInDataset && (await makerIsPlanning(sweep.store, sweep.runId))) {
      await sleep(Math.min(1000, claimTtlMs() / 3), signal).catch(() => {});
      continue;
    }
    if (pending.claimable > 0) {
      let claimed = 0;
      for await (const item of claimedWork(cases(), { ...sweep, plans: false })) {
        claimed++;
        yield item;
      }
      // Others may have taken them meanwhile; but trials nobody takes belong to cases this worker
      // cannot read, and it stops rather than read the dataset forever.
      idlePasses = claimed === 0 && pending.claimedByOthers === 0 ? idlePasses + 1 : 0;
      if (idlePasses >= 2) break;
      continue;
    }
    if (pending.claimedByOthers === 0) break;
    await releaseDeadClaims(sweep.store, sweep.runId);
    await sleep(Math.min(1000, claimTtlMs() / 3), signal).catch(() => {});
  }
}

async function* noWork(): AsyncGenerator<ClaimedItem> {}

const NO_WORKER = '';

/** Every trial of the run is stored (as many as its cases, judges, orders and samples make) and answered. */
async function isFinished(store: Store, runId: string, trials: number): Promise<boolean> {
  // Counted as seen by no worker in particular: a finished run has no claims.
  const pending = await store.pendingWork(runId, NO_WORKER);
  return pending.unanswered === 0 && pending.trials === trials;
}

/** The process that made the run holds its lease until it ends; a joiner waits for its plan while it lives. */
async function makerIsPlanning(store: Store, runId: string): Promise<boolean> {
  const maker = await store.runLease(runId);
  return maker !== undefined && maker.expiresAt > new Date().toISOString() && !abandoned(maker);
}

async function executeTrial(judge: Judge, trial: PreparedTrial, key: string, policy: RetryPolicy, runSignal: AbortSignal) {
  // One signal per trial, linked to the run's and unlinked when the trial ends: listeners the SDK
  // adds to it go away with it instead of piling up on the run's signal.
  if (runSignal.aborted) throw new AbortedError();
  const controller = new AbortController();
  // Each attempt links its timeout to this signal (AbortSignal.any), and a pointwise or reward trial
  // sends two requests per attempt: more than Node's default of 10 listeners, none of them leaked.
  setMaxListeners(100, controller.signal);
  const onAbort = () => controller.abort();
  runSignal.addEventListener('abort', onAbort, { once: true });
  const { signal } = controller;
  try {
    let started = performance.now();
    const attempt = () => {
      if (signal.aborted) throw new AbortedError();
      started = performance.now();
      return trial.execute(signal);
    };
    const outcome = judge.local ? { ok: true as const, value: await attempt(), attempts: 1 } : await withRetry(attempt, policy, { signal });
    return judgmentOf(judge, key, outcome, performance.now() - started);
  } finally {
    runSignal.removeEventListener('abort', onAbort);
  }
}

function judgmentOf(judge: Judge, key: string, outcome: RetryOutcome<JudgeReply>, latencyMs: number): JudgmentRecord {
  const common = { key, judge: judge.spec, latencyMs, attempts: outcome.attempts, createdAt: new Date().toISOString() };
  if (outcome.ok) {
    const { rawOutput, reasoning, inputTokens, outputTokens } = outcome.value;
    return { ...common, rawOutput, reasoning, inputTokens, outputTokens, error: null, errorKind: null };
  }
  return { ...common, rawOutput: null, reasoning: null, inputTokens: null, outputTokens: null, error: outcome.error.message, errorKind: outcome.error.kind };
}

/** Cases a changed dataset no longer has must not be scored with the run. */
async function removeStaleCases(store: Store, runId: string, seen: ReadonlySet<string>) {
  const stale = (await store.runCases(runId)).map((c) => c.uid).filter((uid) => !seen.has(uid));
  if (stale.length > 0) await store.removeCases(runId, stale);
}

/** What the run's stored answers cost, at the prices of this session. */
async function spentSoFar(store: Store, runId: string, prices: Readonly<Record<string, TokenPrice>>): Promise<number> {
  let spent = 0;
  const paid = new Set<string>();
  for (const r of await store.runResults(runId)) {
    // Trials that sent the same request (both orders of a reward model) share one paid judgment.
    if (!r.judgment || paid.has(r.key)) continue;
    paid.add(r.key);
    spent += tokenCost(prices[r.judge], r.judgment.inputTokens, r.judgment.outputTokens);
  }
  return spent;
}
