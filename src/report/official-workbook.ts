import { OFFICIAL_COLUMNS, type OfficialRow } from '../metrics/official-table.js';
import type { RunScore } from '../metrics/score-run.js';
import { SUMMARY_COLUMNS, summaryRows } from './summary-rows.js';
import { xlsxWorkbook, type XlsxSheet } from './xlsx-workbook.js';

// Excel refuses these in sheet names, and names longer than 31 characters.
const FORBIDDEN = /[\\/?*[\]:]/g;

/** At most `length` UTF-16 units, never half a character: a lone surrogate would be dropped from the file, and names could meet. */
function fitted(name: string, length: number): string {
  const cut = name.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Sheet names from judge specs: legal for Excel, and distinct even when two specs share a prefix. */
export function sheetNames(judges: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return judges.map((judge) => {
    const base = fitted(judge.replace(FORBIDDEN, '_').replace(/^'+|'+$/g, ''), 31) || 'judge';
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${fitted(base, 31 - String(k).length - 1)}~${k}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Like the reference's workbook, one sheet per judge with the official table (its columns, its
 * rounding), and a summary sheet first with every judge's figures per dimension. Sheet names are
 * shortened to fit Excel; the model column keeps the full judge spec.
 */
export function officialWorkbook(score: RunScore): Buffer {
  const summary: XlsxSheet = {
    name: 'summary',
    widths: SUMMARY_COLUMNS.map((c) => (c === 'judge' ? 36 : Math.max(10, c.length + 2))),
    rows: [SUMMARY_COLUMNS, ...summaryRows(score.statistics).map((row) => SUMMARY_COLUMNS.map((c) => row[c]))],
    freezeHeader: true,
  };
  const judges = score.statistics.map((s) => s.judge);
  const names = sheetNames(judges, ['summary']);
  const tables = judges.map((judge, k): XlsxSheet => ({
    name: names[k]!,
    widths: OFFICIAL_COLUMNS.map((c) => (c === 'model' ? 36 : Math.max(12, c.length + 2))),
    rows: [OFFICIAL_COLUMNS, ...score.officialRows.filter((r: OfficialRow) => r.model === judge).map((row) => OFFICIAL_COLUMNS.map((c) => row[c]))],
  }));
  return xlsxWorkbook([summary, ...tables], 'med-rewardbench');
}
