import type { RunRecord, RunStatus, Store, WorkerClaims } from '../store/store.js';
import { abandoned } from './run-lease.js';
import type { RunDataset, RunSettings } from './run-settings.js';

export interface JudgeProgress {
  readonly judge: string;
  readonly trials: number;
  readonly answered: number;
  readonly failed: number;
  readonly pending: number;
}

export interface RunProgressReport {
  readonly run: RunRecord<RunSettings, RunDataset>;
  readonly judges: readonly JudgeProgress[];
  /** Workers that claimed trials this session; a live one renews its claims before they expire. */
  readonly workers: ReadonlyArray<WorkerClaims & { readonly live: boolean }>;
}

export class RunStatusError extends Error {}

/** Where a run stands, from the store alone: per judge, and per worker sharing it. */
export async function runStatus(store: Store, runId: string): Promise<RunProgressReport> {
  const run = await store.getRun<RunSettings, RunDataset>(runId);
  if (!run) throw new RunStatusError(`no run ${runId} in the store ${store.location} (\`mrb runs\` lists the runs)`);
  const byJudge = new Map(run.settings.judges.map((j) => [j.spec, { judge: j.spec, trials: 0, answered: 0, failed: 0, pending: 0 }]));
  for (const r of await store.runResults(runId)) {
    const p = byJudge.get(r.judge);
    if (!p) continue;
    p.trials++;
    if (r.judgment && r.judgment.error === null) p.answered++;
    else if (r.judgment) p.failed++;
    else p.pending++;
  }
  const now = new Date().toISOString();
  const workers = (await store.workerClaims(runId)).map((w) => ({ ...w, live: w.expiresAt !== null && w.expiresAt > now && !abandoned(w) }));
  return { run: { ...run, status: await observedStatus(store, run) }, judges: [...byJudge.values()], workers };
}

/**
 * A run's status as it really is: a process killed outright (SIGKILL, power loss) cannot mark its
 * run stopped, so a run that says `running` is running only while its lease or a worker's claims live.
 */
export async function observedStatus(store: Store, run: RunRecord): Promise<RunStatus> {
  if (run.status !== 'running') return run.status;
  const now = new Date().toISOString();
  const lease = await store.runLease(run.id);
  if (lease && lease.expiresAt > now && !abandoned(lease)) return 'running';
  const workers = await store.workerClaims(run.id);
  return workers.some((w) => w.claimed > 0 && w.expiresAt !== null && w.expiresAt > now && !abandoned(w)) ? 'running' : 'interrupted';
}
