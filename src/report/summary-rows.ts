import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { Estimate } from '../metrics/bootstrap.js';
import type { JudgeStatistics } from '../metrics/judge-statistics.js';
import { positionApplies } from '../protocol/judge-mode.js';

/** One judge on one dimension, flat: the summary sheet, summary.csv and summary.jsonl share it. */
export interface SummaryRow {
  readonly judge: string;
  readonly dimension: Dimension;
  readonly orders: string;
  readonly accuracy: number | null;
  readonly accuracy_ci_low: number | null;
  readonly accuracy_ci_high: number | null;
  readonly macro_accuracy: number | null;
  readonly macro_accuracy_ci_low: number | null;
  readonly macro_accuracy_ci_high: number | null;
  readonly accuracy_ab: number | null;
  readonly accuracy_ab_ci_low: number | null;
  readonly accuracy_ab_ci_high: number | null;
  readonly accuracy_ba: number | null;
  readonly accuracy_ba_ci_low: number | null;
  readonly accuracy_ba_ci_high: number | null;
  readonly swap_consistency: number | null;
  readonly swap_consistency_ci_low: number | null;
  readonly swap_consistency_ci_high: number | null;
  readonly first_slot_rate: number | null;
  readonly first_slot_rate_ci_low: number | null;
  readonly first_slot_rate_ci_high: number | null;
  readonly kappa: number | null;
  readonly kappa_ci_low: number | null;
  readonly kappa_ci_high: number | null;
  readonly correct: number;
  readonly wrong: number;
  readonly tie: number;
  readonly parse_failure: number;
  readonly error: number;
  readonly missing: number;
}

// Every figure is followed by the ends of its 95% interval.
export const SUMMARY_COLUMNS: ReadonlyArray<keyof SummaryRow> = [
  'judge', 'dimension', 'orders', 'accuracy', 'accuracy_ci_low', 'accuracy_ci_high', 'macro_accuracy', 'macro_accuracy_ci_low', 'macro_accuracy_ci_high',
  'accuracy_ab', 'accuracy_ab_ci_low', 'accuracy_ab_ci_high', 'accuracy_ba', 'accuracy_ba_ci_low', 'accuracy_ba_ci_high',
  'swap_consistency', 'swap_consistency_ci_low', 'swap_consistency_ci_high', 'first_slot_rate', 'first_slot_rate_ci_low', 'first_slot_rate_ci_high',
  'kappa', 'kappa_ci_low', 'kappa_ci_high', 'correct', 'wrong', 'tie', 'parse_failure', 'error', 'missing',
];

// Undefined figures (no case, no resample) are null rather than NaN: JSON and spreadsheets cannot hold NaN.
const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** A figure and its interval's ends as three columns named after it; all null where it does not apply. */
function withInterval<N extends string>(name: N, estimate: Estimate | null | undefined, applies = true): Record<N | `${N}_ci_low` | `${N}_ci_high`, number | null> {
  const shown = applies ? estimate : null;
  return { [name]: finite(shown?.value), [`${name}_ci_low`]: finite(shown?.low), [`${name}_ci_high`]: finite(shown?.high) } as Record<N | `${N}_ci_low` | `${N}_ci_high`, number | null>;
}

/**
 * Flat rows leave a judge's position figures empty where they do not apply (pointwise and reward
 * judges never see two answers at once): a column of plain numbers cannot carry summary.json's flag.
 */
export function summaryRows(statistics: readonly JudgeStatistics[]): SummaryRow[] {
  return statistics.flatMap((s) =>
    DIMENSIONS.map((d): SummaryRow => {
      const x = s.dimensions[d];
      const position = positionApplies(s.mode);
      return {
        judge: s.judge,
        dimension: d,
        orders: s.orders.join('+'),
        ...withInterval('accuracy', x.accuracy.micro),
        ...withInterval('macro_accuracy', x.accuracy.macro),
        ...withInterval('accuracy_ab', x.intervals.accuracyByOrder.AB),
        ...withInterval('accuracy_ba', x.intervals.accuracyByOrder.BA),
        ...withInterval('swap_consistency', x.intervals.swapConsistency, position),
        ...withInterval('first_slot_rate', x.intervals.firstSlotRate, position),
        ...withInterval('kappa', x.intervals.kappa),
        correct: x.outcomes.correct,
        wrong: x.outcomes.wrong,
        tie: x.outcomes.tie,
        parse_failure: x.outcomes['parse-failure'],
        error: x.outcomes.error,
        missing: x.outcomes.missing,
      };
    }),
  );
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function summaryCsv(rows: readonly SummaryRow[]): string {
  const lines = [SUMMARY_COLUMNS.join(','), ...rows.map((r) => SUMMARY_COLUMNS.map((c) => csvField(r[c] === null ? '' : String(r[c]))).join(','))];
  return '\ufeff' + lines.join('\n') + '\n';
}

export function summaryJsonl(rows: readonly SummaryRow[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}
