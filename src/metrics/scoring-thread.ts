import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Order } from '../protocol/verdict.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { BootstrapResults, BootstrapShare } from './parallel-bootstrap.js';
import type { CaseTable } from './case-table.js';
import type { JudgeMatrix, JudgeToScore } from './judge-matrix.js';
import type { SqliteResultsRead } from '../store/sqlite-results-read.js';

// Below this much bootstrap work (score vectors x cases x resamples) a second thread's start-up
// costs more than it saves. MRB_WORKER_THRESHOLD lowers it, so the split can be tested on small data.
const WORKER_THRESHOLD = Number(process.env.MRB_WORKER_THRESHOLD ?? 50_000_000);

// Workers do not inherit a TypeScript loader's hooks, so only the built code (what `mrb` runs)
// starts one; run from source, everything stays on one thread.
const canUseWorker = import.meta.url.startsWith('file:') && import.meta.url.endsWith('.js');

/** Whether a worker thread can start here and have a core of its own: built code, two cores. */
export function secondThreadPossible(): boolean {
  return canUseWorker && availableParallelism() >= 2;
}

// Above this many cases the thread is not started, whatever the work: it holds its own copy of the
// case table and its share of the trials, memory that grows with the cases (about 55 MB more at
// 20,000 cases, docs/performance.md), and there scoring is a small part of a run that judged
// tens of thousands of trials. The paper's benchmark has 1,026 cases.
export const MAX_THREAD_CASES = 5_000;

/** Whether scoring this much is worth a second thread. */
export function worthASecondThread(judges: number, cases: number, resamples: number): boolean {
  return secondThreadPossible() && cases <= MAX_THREAD_CASES && judges * 6 * cases * resamples >= WORKER_THRESHOLD;
}

/** Some of a run's cases, to be read from a SQLite store and parsed into judge matrices. */
export interface ReadShare {
  readonly read: SqliteResultsRead;
  readonly table: CaseTable;
  readonly judges: readonly JudgeToScore[];
  readonly orders: readonly Order[];
  readonly parser: ParserName;
}

export type ScoringRequest = { readonly id: number } & ({ readonly kind: 'read'; readonly share: ReadShare } | { readonly kind: 'bootstrap'; readonly share: BootstrapShare });
export type ScoringReply = { readonly id: number } & ({ readonly result: unknown } | { readonly error: string });

/**
 * The second core, for scoring a large run: it reads and parses part of the trials while this
 * thread reads the rest, then takes part of the bootstrap. Started before anything is read, so
 * its start-up is hidden behind the reading. Anything it fails at is done on this thread instead.
 */
export class ScoringThread {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ScoringReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.result);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`scoring thread exited with ${code}`)));
  }

  /** A started thread, or undefined where none can run (source code under a loader, one core, a sandbox). */
  static start(): ScoringThread | undefined {
    if (!secondThreadPossible()) return undefined;
    try {
      return new ScoringThread(new Worker(new URL('./scoring-worker.js', import.meta.url)));
    } catch {
      return undefined;
    }
  }

  /** Judge matrices over the whole table, filled in for the share's cases only. */
  read(share: ReadShare): Promise<JudgeMatrix[]> {
    return this.ask({ kind: 'read', share }) as Promise<JudgeMatrix[]>;
  }

  bootstrap(share: BootstrapShare): Promise<BootstrapResults> {
    return this.ask({ kind: 'bootstrap', share }) as Promise<BootstrapResults>;
  }

  close(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }

  private ask(request: Omit<ScoringRequest, 'id'>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }
}
