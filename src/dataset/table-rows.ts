import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileSlices, type FileSlices } from './file-slices.js';
import { readEnds } from './row-group-reads.js';

// The parquet reader and its codecs load on first use, not at start-up.
async function parquet() {
  const [reader, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  return { ...reader, compressors };
}

/** A row of a parquet or JSONL file, numbered from 1 as people count rows and lines. */
export type TableRow =
  | { readonly row: number; readonly values: Record<string, unknown> }
  | { readonly row: number; readonly error: string };

/** Top-level column names of a parquet file, read from its footer alone. */
export async function parquetColumns(path: string): Promise<string[]> {
  const { parquetMetadataAsync, parquetSchema } = await parquet();
  const file = await fileSlices(path);
  try {
    const metadata = await parquetMetadataAsync(file);
    return parquetSchema(metadata).children.map((c) => c.element.name);
  } finally {
    await file.close();
  }
}

/**
 * Rows one row group (or a few pages of one) at a time, so memory holds a part of a group of
 * images, never the file. `utf8: false` keeps binary image bytes as bytes; string columns are
 * still decoded as text.
 */
export async function* parquetRows(path: string): AsyncGenerator<TableRow> {
  let rowStart = 0;
  let file: FileSlices | undefined;
  try {
    const { parquetMetadataAsync, parquetReadObjects, readOffsetIndex, compressors } = await parquet();
    file = await fileSlices(path);
    const metadata = await parquetMetadataAsync(file);
    for (const group of metadata.row_groups) {
      const groupStart = rowStart;
      const ends = await readEnds(file, group, readOffsetIndex);
      for (const end of ends) {
        const rowEnd = groupStart + end;
        const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, utf8: false, compressors, useOffsetIndex: ends.length > 1 });
        for (let i = 0; i < rows.length; i++) {
          // Not held here once handed on: a row the reader is done with may go before its group's last.
          const values = rows[i]!;
          rows[i] = undefined as never;
          yield { row: rowStart + i + 1, values };
        }
        rowStart = rowEnd;
      }
    }
  } catch (error) {
    // A corrupt footer or page ends the file: report where reading stopped rather than crash.
    yield { row: rowStart + 1, error: `unreadable parquet data (${(error as Error).message})` };
  } finally {
    await file?.close();
  }
}

// Latin-1 lines decoded leniently would turn into U+FFFD in the prompt without anyone noticing.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export async function* jsonlRows(path: string): AsyncGenerator<TableRow> {
  // Read as bytes: 'latin1' maps each byte to one character, so lines can be re-encoded exactly
  // and decoded strictly.
  const lines = createInterface({ input: createReadStream(path, 'latin1'), crlfDelay: Infinity });
  let row = 0;
  for await (const bytes of lines) {
    row++;
    let line: string;
    try {
      line = strictUtf8.decode(Buffer.from(bytes, 'latin1'));
    } catch {
      yield { row, error: 'not valid UTF-8 text' };
      continue;
    }
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      yield { row, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { row, error: 'not a JSON object' };
      continue;
    }
    yield { row, values: value as Record<string, unknown> };
  }
}
