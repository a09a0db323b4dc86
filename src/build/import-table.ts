import { dirname, extname } from 'node:path';
import { DataError, type DataProblem } from '../dataset/data-problem.js';
import { jsonlRows, parquetRows, type TableRow } from '../dataset/table-rows.js';
import type { BuildItemWithImage } from './build-item.js';
import type { BuildStore } from './build-store.js';
import { csvRows } from './csv-rows.js';
import { itemFromRow } from './item-row.js';
import { progressCounter, type ProgressListener } from './step-progress.js';

export interface ImportResult {
  readonly imported: number;
  /** Problems of rows left out (only with `skipInvalid`; otherwise they stop the import). */
  readonly skipped: readonly DataProblem[];
}

export type TableFormat = 'jsonl' | 'csv' | 'parquet';

export function tableFormat(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : undefined;
}

async function* rowsOf(path: string, format: TableFormat): AsyncGenerator<TableRow> {
  if (format === 'jsonl') yield* jsonlRows(path);
  else if (format === 'csv') yield* csvRows(path);
  else yield* parquetRows(path);
}

type Checked = { readonly item: BuildItemWithImage } | { readonly problems: DataProblem[] };

async function* checkedRows(path: string, format: TableFormat): AsyncGenerator<Checked> {
  const seen = new Map<string, number>();
  for await (const row of rowsOf(path, format)) {
    if ('error' in row) {
      yield { problems: [{ file: path, row: row.row, message: row.error }] };
      continue;
    }
    const result = itemFromRow(row.values, { file: path, row: row.row, baseDir: dirname(path) });
    if ('item' in result) {
      const first = seen.get(result.item.itemId);
      if (first !== undefined) {
        yield { problems: [{ file: path, row: row.row, field: 'id', message: `duplicate id ${result.item.itemId} (first on row ${first})` }] };
        continue;
      }
      seen.set(result.item.itemId, row.row);
    }
    yield result;
  }
}

/**
 * Imports medical VQA items from a JSONL, CSV or parquet file. The file is checked whole before
 * anything is stored, so a bad row leaves the store as it was (unless `skipInvalid`). Importing the
 * same file again replaces its items: ids are the file's own, or `<file>-<row>`.
 */
export async function importTable(
  store: BuildStore,
  path: string,
  options: { skipInvalid?: boolean; onProgress?: ProgressListener } = {},
): Promise<ImportResult> {
  const format = tableFormat(path);
  if (!format) throw new DataError([{ file: path, message: 'expected a .jsonl, .csv or .parquet file' }]);
  const problems: DataProblem[] = [];
  let valid = 0;
  for await (const checked of checkedRows(path, format)) {
    if ('problems' in checked) problems.push(...checked.problems);
    else valid++;
  }
  if (problems.length > 0 && !options.skipInvalid) throw new DataError(problems, 'fix these rows, or pass --skip-invalid to import the others');
  if (valid === 0) throw new DataError([{ file: path, message: 'no items to import' }]);

  const progress = progressCounter(`import ${format}`, valid, options.onProgress);
  let batch: BuildItemWithImage[] = [];
  for await (const checked of checkedRows(path, format)) {
    if ('problems' in checked) continue;
    batch.push(checked.item);
    if (batch.length >= 50) {
      await store.putItems(batch);
      progress.done(batch.length);
      batch = [];
    }
  }
  await store.putItems(batch);
  progress.done(batch.length);
  return { imported: valid, skipped: problems };
}
