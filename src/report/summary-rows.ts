import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
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
  readonly accuracy_ab: number | null;
  readonly accuracy_ba: number | null;
  readonly swap_consistency: number | null;
  readonly first_slot_rate: number | null;
  readonly kappa: number | null;
  readonly correct: number;
  readonly wrong: number;
  readonly tie: number;
  readonly parse_failure: number;
  readonly error: number;
  readonly missing: number;
}

export const SUMMARY_COLUMNS: ReadonlyArray<keyof SummaryRow> = [
  'judge', 'dimension', 'orders', 'accuracy', 'accuracy_ci_low', 'accuracy_ci_high', 'macro_accuracy', 'accuracy_ab', 'accuracy_ba',
  'swap_consistency', 'first_slot_rate', 'kappa', 'correct', 'wrong', 'tie', 'parse_failure', 'error', 'missing',
];

// Undefined figures (no case, no resample) are null rather than NaN: JSON and spreadsheets cannot hold NaN.
const finite = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

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
        accuracy: finite(x.accuracy.micro.value),
        accuracy_ci_low: finite(x.accuracy.micro.low),
        accuracy_ci_high: finite(x.accuracy.micro.high),
        macro_accuracy: finite(x.accuracy.macro.value),
        accuracy_ab: finite(x.accuracyByOrder.AB),
        accuracy_ba: finite(x.accuracyByOrder.BA),
        swap_consistency: position ? finite(x.position.swapConsistency) : null,
        first_slot_rate: position ? finite(x.position.firstSlotRate) : null,
        kappa: finite(x.kappa),
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
