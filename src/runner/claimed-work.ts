import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Case } from '../dataset/case.js';
import { caseRecord } from '../dataset/case.js';
import type { Judge, PreparedTrial } from '../judges/judge.js';
import type { Order } from '../protocol/verdict.js';
import type { ClaimHolder, Store, TrialRecord } from '../store/store.js';
import { abandoned } from './run-lease.js';

/** One trial to send, with the key its answer is stored under (the run's, whichever replica answers). */
export interface ClaimedItem {
  readonly judge: Judge;
  readonly trial: PreparedTrial;
  readonly key: string;
  /** Trials of the run this answer settles: trials that send the same request share one. */
  readonly rows: number;
}

// Cases are stored and claimed in batches: one transaction and one claim per batch.
const BATCH = 32;

export function claimHolder(): ClaimHolder {
  return { owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, host: hostname(), pid: process.pid };
}

export interface ClaimOptions {
  readonly store: Store;
  readonly runId: string;
  readonly judges: readonly Judge[];
  readonly orders: readonly Order[];
  readonly holder: ClaimHolder;
  readonly ttlMs: number;
  /** The worker that made the run stores its cases and trials; workers that join only claim. */
  readonly plans: boolean;
  /** Keys claimed at a time: about what the worker has room for, so others find work beside it. */
  readonly claimSize: number;
  onCase?(uid: string): void;
  /** Trials of a batch this worker will not send because the store holds their answer already. */
  onSkipped?(rows: number): void;
}

/**
 * Streams cases, and for each batch claims its unanswered trials for this worker; yields the
 * claimed ones. Several workers on one run each get disjoint trials; a second pass over the
 * dataset (`sweep`) picks up what a dead worker's expired claims left.
 */
export async function* claimedWork(cases: AsyncIterable<Case>, o: ClaimOptions): AsyncGenerator<ClaimedItem> {
  const judgeByName = new Map(o.judges.map((j) => [j.spec, j]));
  let position = 0;
  let batch: Case[] = [];
  const claimBatch = async function* (): AsyncGenerator<ClaimedItem> {
    const records: TrialRecord[] = [];
    // Each trial is prepared (its prompt rendered, its request hashed) once: the claimed ones are
    // sent as prepared here.
    const prepared = new Map<string, PreparedTrial>();
    for (const c of batch) {
      for (const judge of o.judges) {
        for (const order of o.orders) {
          for (let sample = 0; sample < judge.samples; sample++) {
            const trial = judge.prepare({ case: c, order, sample });
            records.push({ caseUid: c.uid, judge: judge.spec, order, sample, key: trial.key });
            prepared.set(trialId(c.uid, judge.spec, order, sample), trial);
          }
        }
      }
    }
    if (o.plans) {
      await o.store.putCases(o.runId, batch.map(caseRecord), position);
      position += batch.length;
      await o.store.putTrials(o.runId, records);
    }
    const byUid = new Map(batch.map((c) => [c.uid, c]));
    const caseUids = [...byUid.keys()];
    batch = [];
    // A stored row this session did not plan (a sample beyond what a judge now takes) is sent as before.
    const prepareStored = (row: TrialRecord) => {
      const c = byUid.get(row.caseUid);
      const judge = judgeByName.get(row.judge);
      return c && judge ? judge.prepare({ case: c, order: row.order, sample: row.sample }) : undefined;
    };
    const mine = new Set<string>();
    for (;;) {
      // Small claims, taken again as the worker frees up: a batch is shared by every worker on it.
      const claimed = await o.store.claimTrials(o.runId, o.holder, { ttlMs: o.ttlMs, caseUids, limit: o.claimSize });
      if (claimed.length === 0) break;
      // Every row of a claimed key counts as settled by its one answer; the request is built from a
      // row whose case this batch holds.
      const rowsOfKey = new Map<string, number>();
      const chosen = new Map<string, { row: TrialRecord; trial: PreparedTrial }>();
      for (const row of claimed) {
        rowsOfKey.set(row.key, (rowsOfKey.get(row.key) ?? 0) + 1);
        if (chosen.has(row.key)) continue;
        const trial = prepared.get(trialId(row.caseUid, row.judge, row.order, row.sample)) ?? prepareStored(row);
        if (trial) chosen.set(row.key, { row, trial });
      }
      const items: ClaimedItem[] = [];
      for (const [key, { row, trial }] of chosen) {
        const rows = rowsOfKey.get(key)!;
        mine.add(key);
        items.push({ judge: judgeByName.get(row.judge)!, key, rows, trial });
      }
      yield* items;
    }
    if (o.onSkipped) {
      // Reused means answered: a trial another worker holds is still in flight (and may fail), so
      // it is not counted here.
      const others = records.filter((r) => !mine.has(r.key));
      const answered = others.length > 0 ? await o.store.answeredKeys([...new Set(others.map((r) => r.key))]) : new Set<string>();
      o.onSkipped(others.filter((r) => answered.has(r.key)).length);
    }
  };
  for await (const c of cases) {
    o.onCase?.(c.uid);
    batch.push(c);
    if (batch.length >= BATCH) yield* claimBatch();
  }
  if (batch.length > 0) yield* claimBatch();
}

/** A trial's place in the batch: its case, judge, order and sample. */
const trialId = (caseUid: string, judge: string, order: Order, sample: number) => `${caseUid}\u0000${judge}\u0000${order}\u0000${sample}`;

/**
 * Gives back the claims of workers on this machine whose process is gone (killed with SIGKILL):
 * their trials go to the living at once instead of after the claims expire.
 */
export async function releaseDeadClaims(store: Store, runId: string): Promise<void> {
  for (const worker of await store.workerClaims(runId)) {
    if (worker.claimed > 0 && abandoned(worker)) await store.releaseClaims(runId, worker.owner);
  }
}
