import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseHolder, Store } from '../store/store.js';

const TTL_MS = 30_000;

export class RunBusyError extends Error {
  constructor(runId: string, holder: LeaseHolder) {
    super(
      `run ${runId} is being run by process ${holder.pid} on ${holder.host}; wait for it to finish (or stop it) ` +
        `and run the command again, or add this process as one more worker with: mrb run --join ${runId}`,
    );
    this.name = 'RunBusyError';
  }
}

/** A process on this machine that no longer exists cannot be running anything. */
export function abandoned(holder: { host: string; pid: number }): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Holds the run for this process while `work` runs, renewing the lease as it goes. A process killed
 * with SIGKILL leaves its lease behind; the next process on the same machine sees that its holder
 * is gone and takes it over at once.
 */
export async function withRunLease<T>(store: Store, runId: string, work: () => Promise<T>): Promise<T> {
  const me = { owner: randomUUID(), host: hostname(), pid: process.pid };
  const holder = await store.acquireRunLease(runId, me, TTL_MS, abandoned);
  if (holder) throw new RunBusyError(runId, holder);
  const timer = setInterval(() => void store.renewRunLease(runId, me.owner, TTL_MS).catch(() => {}), TTL_MS / 3);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await store.releaseRunLease(runId, me.owner);
  }
}
