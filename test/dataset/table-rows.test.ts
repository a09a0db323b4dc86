import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, readOffsetIndex } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { fileSlices } from '../../src/dataset/file-slices.js';
import { writeLayoutParquet, type LayoutRow } from '../../src/dataset/official-layout-writer.js';
import { READ_BYTES, readEnds } from '../../src/dataset/row-group-reads.js';
import { parquetRows } from '../../src/dataset/table-rows.js';
import { allLabels, tempDir } from '../fakes/fixture-dataset.js';

const row = (i: number, imageBytes: number): LayoutRow => ({
  organ: 'brain',
  questionId: i + 1,
  question: `question ${i}`,
  answer1: `answer one ${i}`,
  answer2: `answer two ${i}`,
  image: randomBytes(imageBytes),
  labels: allLabels('A'),
});

describe('parquet rows', () => {
  it('come a few pages at a time from a large row group with a page index, the same rows as read whole', async () => {
    const path = join(tempDir(), 'big.parquet');
    // 60 images of 150 KB in groups of 50: 7.5 MB, more than one read, and a short last group.
    writeLayoutParquet(path, Array.from({ length: 60 }, (_, i) => row(i, 150_000)), { rowGroupSize: 50 });
    const file = await fileSlices(path);
    const metadata = await parquetMetadataAsync(file);
    const ends = await readEnds(file, metadata.row_groups[0]!, readOffsetIndex);
    await file.close();
    expect(ends.length).toBeGreaterThan(2);
    expect(ends.at(-1)).toBe(50);
    expect(ends).toEqual([...ends].sort((a, b) => a - b));

    const whole = await parquetReadObjects({ file: await asyncBufferFromFile(path), utf8: false, compressors });
    const rows = [];
    for await (const r of parquetRows(path)) rows.push(r);
    expect(rows.map((r) => r.row)).toEqual(whole.map((_, i) => i + 1));
    // Images compared by hash: a deep comparison of 9 MB byte by byte takes vitest most of a minute.
    const hashed = (values: Record<string, unknown>) => {
      const image = values.image as { bytes: Uint8Array; path: unknown };
      return { ...values, image: { ...image, bytes: createHash('sha256').update(image.bytes).digest('hex') } };
    };
    expect(rows.map((r) => ('values' in r ? hashed(r.values) : r))).toEqual(whole.map(hashed));
  });

  it('come a group at a time when the group is small or has no page index', async () => {
    const path = join(tempDir(), 'small.parquet');
    writeLayoutParquet(path, Array.from({ length: 10 }, (_, i) => row(i, 1_000)));
    const file = await fileSlices(path);
    const metadata = await parquetMetadataAsync(file);
    const group = metadata.row_groups[0]!;
    expect(await readEnds(file, group, readOffsetIndex)).toEqual([10]);
    // As pyarrow writes by default: no offset index. Reading part of a chunk would decode it whole.
    const large = { ...group, columns: group.columns.map((c) => ({ ...c, offset_index_offset: undefined, offset_index_length: undefined, meta_data: { ...c.meta_data!, total_compressed_size: BigInt(READ_BYTES + 1) } })) };
    expect(await readEnds(file, large, readOffsetIndex)).toEqual([10]);
    await file.close();
  });
});
