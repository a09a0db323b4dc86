import Workbook from 'exceljs/lib/doc/workbook.js';
import { OFFICIAL_COLUMNS, type OfficialRow } from '../metrics/official-table.js';
import type { RunScore } from '../metrics/score-run.js';
import { SUMMARY_COLUMNS, summaryRows } from './summary-rows.js';

// Excel refuses these in sheet names, and names longer than 31 characters.
const FORBIDDEN = /[\\/?*[\]:]/g;

/** Sheet names from judge specs: legal for Excel, and distinct even when two specs share a prefix. */
export function sheetNames(judges: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return judges.map((judge) => {
    const base = judge.replace(FORBIDDEN, '_').replace(/^'+|'+$/g, '').slice(0, 31) || 'judge';
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)}~${k}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/**
 * Like the reference's workbook, one sheet per judge with the official table (its columns, its
 * rounding), and a summary sheet first with every judge's figures per dimension. Sheet names are
 * shortened to fit Excel; the model column keeps the full judge spec.
 */
export async function officialWorkbook(score: RunScore): Promise<Buffer> {
  const book = new Workbook();
  book.creator = 'med-rewardbench';
  const summary = book.addWorksheet('summary');
  summary.columns = SUMMARY_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'judge' ? 36 : Math.max(10, c.length + 2) }));
  for (const row of summaryRows(score.statistics)) summary.addRow(row);
  summary.getRow(1).font = { bold: true };
  summary.views = [{ state: 'frozen', ySplit: 1 }];

  const judges = score.statistics.map((s) => s.judge);
  const names = sheetNames(judges, ['summary']);
  judges.forEach((judge, k) => {
    const sheet = book.addWorksheet(names[k]!);
    sheet.columns = OFFICIAL_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'model' ? 36 : Math.max(12, c.length + 2) }));
    for (const row of score.officialRows.filter((r: OfficialRow) => r.model === judge)) sheet.addRow(row);
    sheet.getRow(1).font = { bold: true };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
