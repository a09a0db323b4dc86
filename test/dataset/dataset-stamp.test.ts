import { appendFileSync, copyFileSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetFiles, sameStamp, stampDataset } from '../../src/dataset/dataset-stamp.js';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { writeFixtureDataset } from '../fakes/fixture-dataset.js';

const anHourAgo = () => new Date(Date.now() - 3_600_000);

/** A fixture dataset whose files were last written an hour ago: settled, so they can be stamped. */
function settledDataset() {
  const { root } = writeFixtureDataset({ brain: 2, chest: 1 });
  const source = resolveDatasetSource(root);
  for (const file of datasetFiles(source)) utimesSync(file, anHourAgo(), anHourAgo());
  return { root, source };
}

describe("a dataset's stamp", () => {
  it('covers the ground truth and the parquet of every organ system', () => {
    const { root, source } = settledDataset();
    expect(datasetFiles(source)).toEqual([
      join(root, 'pair_gt_all', 'brain.jsonl'), join(root, 'pair_gt_all', 'parquet', 'brain.parquet'),
      join(root, 'pair_gt_all', 'chest.jsonl'), join(root, 'pair_gt_all', 'parquet', 'chest.parquet'),
    ]);
    const stamp = stampDataset(source)!;
    expect(stamp.files.map((f) => f.path)).toEqual(datasetFiles(source));
    expect(sameStamp(stamp, stampDataset(resolveDatasetSource(root)))).toBe(true);
  });

  it.each([
    ['a write that keeps the size and the time', (file: string) => {
      const { mtime } = statSync(file);
      const bytes = readFileSync(file);
      bytes[bytes.length - 2]! ^= 1;
      writeFileSync(file, bytes);
      utimesSync(file, mtime, mtime);
    }],
    ['an appended byte', (file: string) => appendFileSync(file, ' ')],
    ['a copy put in its place with its old times', (file: string) => {
      copyFileSync(file, `${file}.new`);
      const { atime, mtime } = statSync(file);
      utimesSync(`${file}.new`, atime, mtime);
      renameSync(`${file}.new`, file);
    }],
    ['only its times', (file: string) => utimesSync(file, new Date(Date.now() - 7_200_000), new Date(Date.now() - 7_200_000))],
  ])('changes with %s', (_what, change) => {
    const { root, source } = settledDataset();
    const before = stampDataset(source)!;
    change(join(root, 'pair_gt_all', 'brain.jsonl'));
    expect(sameStamp(before, stampDataset(source))).toBe(false);
  });

  it('changes when an organ file is added', () => {
    const { root, source } = settledDataset();
    const before = stampDataset(source)!;
    copyFileSync(join(root, 'pair_gt_all', 'brain.jsonl'), join(root, 'pair_gt_all', 'eye.jsonl'));
    utimesSync(join(root, 'pair_gt_all', 'eye.jsonl'), anHourAgo(), anHourAgo());
    expect(sameStamp(before, stampDataset(resolveDatasetSource(root)))).toBe(false);
  });

  it('is not taken while a file was written in the last two seconds: a second write in the same clock tick would go unseen', () => {
    const { root } = writeFixtureDataset({ brain: 1 });
    expect(stampDataset(resolveDatasetSource(root))).toBeUndefined();
    expect(stampDataset(resolveDatasetSource(root), Date.now() + 2500)).toBeDefined();
    expect(sameStamp(undefined, undefined)).toBe(false);
  });
});
