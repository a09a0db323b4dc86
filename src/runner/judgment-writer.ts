import type { JudgmentRecord, Store } from '../store/store.js';

/**
 * Collects the judgments that arrive while a write is under way and stores them together, one
 * transaction per batch instead of one per trial. Each caller's promise settles once its own
 * judgment is stored, so a trial still counts as done only when it is safely in the store.
 */
export class JudgmentWriter {
  private pending: Array<{ judgment: JudgmentRecord; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly store: Store,
    /** A worker's claims on the stored keys are marked done in the same transaction. */
    private readonly finished?: { runId: string; owner: string },
  ) {}

  write(judgment: JudgmentRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ judgment, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    // Let the judgments that arrive in the same turn of the event loop join this batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.store.putJudgments(batch.map((b) => b.judgment), this.finished);
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.writing = false;
  }
}
