import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { Order } from '../protocol/verdict.js';
import type { CaseTable } from './case-table.js';
import type { ScoredTrial } from './outcome.js';

/** A verdict on one dimension as a code: the answer chosen (in dataset labels) or what went wrong. */
export const VERDICT = { A: 0, B: 1, tie: 2, parseFailure: 3, error: 4, missing: 5 } as const;

/** One judge's verdicts (first sample) as arrays over the cases of a table, per order and dimension. */
export interface JudgeMatrix {
  readonly judge: string;
  readonly orders: readonly Order[];
  readonly verdicts: Readonly<Partial<Record<Order, Readonly<Record<Dimension, Int8Array>>>>>;
}

export function judgeMatrix(table: CaseTable, judge: string, orders: readonly Order[], scored: Iterable<ScoredTrial>): JudgeMatrix {
  const verdicts: Partial<Record<Order, Record<Dimension, Int8Array>>> = {};
  for (const order of orders) {
    verdicts[order] = Object.fromEntries(DIMENSIONS.map((d) => [d, new Int8Array(table.n).fill(VERDICT.missing)])) as Record<Dimension, Int8Array>;
  }
  for (const t of scored) {
    if (t.judge !== judge || t.sample !== 0) continue;
    const i = table.index.get(t.caseUid);
    const byDimension = verdicts[t.order];
    if (i === undefined || !byDimension) continue;
    for (const d of DIMENSIONS) {
      const outcome = t.outcomes[d];
      const v = t.verdict?.[d];
      byDimension[d][i] =
        outcome === 'error' ? VERDICT.error
        : outcome === 'missing' ? VERDICT.missing
        : !v || !('choice' in v) ? VERDICT.parseFailure
        : v.choice === 'tie' ? VERDICT.tie
        : v.choice === 'A' ? VERDICT.A
        : VERDICT.B;
    }
  }
  return { judge, orders, verdicts };
}

/** Per case, how many of the judged orders got the expert label right (0..orders). */
export function correctCounts(matrix: JudgeMatrix, table: CaseTable, d: Dimension): Uint8Array {
  const counts = new Uint8Array(table.n);
  const labels = table.labels[d];
  for (const order of matrix.orders) {
    const v = matrix.verdicts[order]![d];
    for (let i = 0; i < table.n; i++) if (v[i] === labels[i]) counts[i]!++;
  }
  return counts;
}
