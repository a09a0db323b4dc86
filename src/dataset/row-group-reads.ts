import type { FileMetaData, OffsetIndex } from 'hyparquet';
import type { FileSlices } from './file-slices.js';

type RowGroup = FileMetaData['row_groups'][number];

// About how many compressed bytes one read takes in, when a row group can be read a few pages at a time.
export const READ_BYTES = 2 << 20;

/**
 * Where the reads of a row group end, as row indexes within it (the last is its row count).
 *
 * A whole group of images (10 MB for 100 rows of 100 KB) is two buffers of its size, the bytes
 * read and the pages decompressed, alive until its last row is used: long enough for V8 to move
 * them to the old generation, where they wait for a full collection, and a run of 20,000 cases then
 * holds several groups' garbage at once. Reads of a few pages die young. A group is split on the
 * page boundaries of its largest column (the images), so none of its pages is read twice; only
 * when every large column chunk has an offset index (without one hyparquet would read and decode
 * the whole chunk for every part). Otherwise, or when the index cannot be read, it is read whole.
 */
export async function readEnds(
  file: FileSlices,
  group: RowGroup,
  readOffsetIndex: (reader: { view: DataView; offset: number }) => OffsetIndex,
): Promise<number[]> {
  const rows = Number(group.num_rows);
  const size = (c: RowGroup['columns'][number]) => Number(c.meta_data?.total_compressed_size ?? 0);
  const whole = [rows];
  if (group.columns.reduce((sum, c) => sum + size(c), 0) <= READ_BYTES) return whole;
  if (!group.columns.every((c) => size(c) <= READ_BYTES || (c.offset_index_offset !== undefined && c.offset_index_length))) return whole;
  const largest = group.columns.reduce((a, b) => (size(b) > size(a) ? b : a));
  let pages: OffsetIndex['page_locations'];
  try {
    const start = Number(largest.offset_index_offset);
    const index = await file.slice(start, start + largest.offset_index_length!);
    pages = readOffsetIndex({ view: new DataView(index), offset: 0 }).page_locations;
  } catch {
    return whole;
  }
  const ends: number[] = [];
  let bytes = 0;
  for (let i = 0; i < pages.length; i++) {
    const first = Number(pages[i]!.first_row_index);
    if (bytes > 0 && bytes + pages[i]!.compressed_page_size > READ_BYTES && first > (ends.at(-1) ?? 0) && first < rows) {
      ends.push(first);
      bytes = 0;
    }
    bytes += pages[i]!.compressed_page_size;
  }
  ends.push(rows);
  return ends;
}
