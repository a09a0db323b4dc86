import type { ErrorKind } from '../store/store.js';

export interface FailureSummary {
  readonly judge: string;
  readonly kind: ErrorKind;
  readonly count: number;
  readonly example: string;
}

/** Counts failed trials by judge and kind, keeping the first message of each as an example. */
export class FailureTally {
  private readonly entries = new Map<string, { judge: string; kind: ErrorKind; count: number; example: string }>();

  add(judge: string, kind: ErrorKind | null, message: string): void {
    const k = kind ?? 'internal';
    const key = `${judge}\0${k}`;
    const entry = this.entries.get(key);
    if (entry) entry.count++;
    else this.entries.set(key, { judge, kind: k, count: 1, example: message });
  }

  summary(): FailureSummary[] {
    return [...this.entries.values()];
  }
}
