// Generated benchmark datasets in the official layout: N cases over the 13 organ systems, each with
// its own image of about the requested size (a phantom plus a private PNG chunk of random bytes, so
// no two images are alike and none compresses away).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { writeOfficialLayout, type LayoutRow } from '../src/dataset/official-layout-writer.js';
import { ORGANS } from '../src/dataset/organs.js';
import { phantomPng, type PhantomKind } from '../src/dataset/phantom-image.js';
import { DIMENSIONS } from '../src/protocol/dimensions.js';

function padded(png: Uint8Array, bytes: number): Uint8Array {
  const extra = Math.max(0, bytes - png.length - 12);
  const chunk = Buffer.alloc(12 + extra);
  chunk.writeUInt32BE(extra, 0);
  chunk.write('mrBp', 4, 'ascii'); // ancillary, private: decoders skip it
  randomBytes(extra).copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + extra)), 8 + extra);
  const iendAt = png.length - 12;
  return Buffer.concat([png.subarray(0, iendAt), chunk, png.subarray(iendAt)]);
}

export function generateDataset(cases: number, imageBytes: number): string {
  const root = mkdtempSync(join(tmpdir(), `mrb-bench-data-${cases}-`));
  const bases = ORGANS.map((organ) => phantomPng(organ as PhantomKind, { size: 128, seed: 1 }));
  const perOrgan = Math.ceil(cases / ORGANS.length);
  // One organ file at a time: memory holds one file's images, not the dataset's.
  for (const [o, organ] of ORGANS.entries()) {
    const count = Math.min(perOrgan, cases - o * perOrgan);
    if (count <= 0) break;
    const rows: LayoutRow[] = Array.from({ length: count }, (_, i) => ({
      organ,
      questionId: i + 1,
      question: `Benchmark question ${i + 1} about the ${organ}: is there a focal lesion, and where?`,
      answer1: `Answer one for case ${i + 1}: a 4 mm hyperdense focus in the upper region, no mass effect.`,
      answer2: `Answer two for case ${i + 1}: no abnormality.`,
      image: padded(bases[o]!, imageBytes),
      labels: Object.fromEntries(DIMENSIONS.map((d, k) => [d, (i + k) % 2 ? 'A' : 'B'])) as LayoutRow['labels'],
    }));
    writeOfficialLayout(root, rows);
  }
  return root;
}
