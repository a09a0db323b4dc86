import { codeIdentity } from '../tool-version.js';
import type { DatasetSource } from './dataset-source.js';
import { sameFile, stampFile, writtenRecently, type FileStamp } from './file-stamp.js';

/**
 * The dataset's files as they were when a run read them, and the tool that read them: when both are
 * the same again, reading the dataset again gives the same cases and trials.
 */
export interface DatasetStamp {
  readonly tool: string;
  readonly files: readonly FileStamp[];
}

export function datasetFiles(source: DatasetSource): string[] {
  if (source.kind === 'file') return [source.path];
  return source.organs.flatMap((o) => [o.groundTruth, o.parquet].filter((f): f is string => f !== undefined));
}

/** Taken before the dataset is read; undefined when a file is missing or was written too recently to tell. */
export function stampDataset(source: DatasetSource, now = Date.now()): DatasetStamp | undefined {
  const files: FileStamp[] = [];
  for (const path of datasetFiles(source)) {
    const stamp = stampFile(path);
    if (!stamp || writtenRecently(stamp, now)) return undefined;
    files.push(stamp);
  }
  return { tool: codeIdentity(), files };
}

export function sameStamp(a: DatasetStamp | undefined, b: DatasetStamp | undefined): boolean {
  if (!a || !b || a.tool !== b.tool || a.files.length !== b.files.length) return false;
  return a.files.every((f, i) => sameFile(f, b.files[i]!));
}
