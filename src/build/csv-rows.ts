import { readFileSync } from 'node:fs';
import type { TableRow } from '../dataset/table-rows.js';

/**
 * Rows of an RFC 4180 CSV file with a header line, numbered by the line each record starts on.
 * Quoted fields may hold commas, doubled quotes and line breaks. Small enough to hold in memory:
 * CSV sources carry image paths or base64 of a few items, not a whole image archive.
 */
export function* csvRows(path: string): Generator<TableRow> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const records = parseCsv(text);
  if (records.length === 0) return;
  const [header, ...rest] = records;
  const names = header!.fields.map((h) => h.trim());
  for (const record of rest) {
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    if (record.error) {
      yield { row: record.line, error: record.error };
      continue;
    }
    if (record.fields.length !== names.length) {
      yield { row: record.line, error: `has ${record.fields.length} fields, the header has ${names.length}` };
      continue;
    }
    yield { row: record.line, values: Object.fromEntries(names.map((n, i) => [n, record.fields[i] === '' ? null : record.fields[i]])) };
  }
}

interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  error?: string;
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const record: CsvRecord = { line, fields: [] };
    let field = '';
    for (;;) {
      if (text[i] === '"') {
        const start = line;
        i++;
        let closed = false;
        while (i < text.length) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (text[i] === '\n') line++;
          field += text[i++];
        }
        if (!closed) record.error = `a quoted field opened on line ${start} is never closed`;
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      record.fields.push(field);
      field = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    records.push(record);
  }
  return records;
}
