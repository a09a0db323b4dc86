import { OFFICIAL_COLUMNS, type OfficialRow } from '../metrics/official-table.js';
import { pythonFloat } from './python-number.js';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const cell = (row: OfficialRow, column: (typeof OFFICIAL_COLUMNS)[number]) => {
  const value = row[column];
  return typeof value === 'number' ? pythonFloat(value) : value;
};

/** As the reference writes it with pandas: UTF-8 with a byte-order mark, so Excel reads it right. */
export function officialTableCsv(rows: readonly OfficialRow[]): string {
  const lines = [OFFICIAL_COLUMNS.join(','), ...rows.map((r) => OFFICIAL_COLUMNS.map((c) => csvField(cell(r, c))).join(','))];
  return '\ufeff' + lines.join('\n') + '\n';
}

export function officialTableJsonl(rows: readonly OfficialRow[]): string {
  return rows
    .map((r) => `{${OFFICIAL_COLUMNS.map((c) => `${JSON.stringify(c)}:${typeof r[c] === 'number' ? pythonFloat(r[c] as number) : JSON.stringify(r[c])}`).join(',')}}`)
    .map((line) => line + '\n')
    .join('');
}
