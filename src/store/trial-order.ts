import type { TrialResult } from './store.js';

/**
 * Text compared by UTF-16 code units, as JavaScript does. Not by SQL: PostgreSQL orders text by
 * its locale, SQLite by bytes, and files listing trials must be the same whichever store a run is in.
 */
export const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Case, judge, order, sample: the one order trials are listed in. */
export function inTrialOrder(results: TrialResult[]): TrialResult[] {
  return results.sort((a, b) => compareCodeUnits(a.caseUid, b.caseUid) || compareCodeUnits(a.judge, b.judge) || compareCodeUnits(a.order, b.order) || a.sample - b.sample);
}
