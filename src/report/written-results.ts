import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameFile, stampFile, type FileStamp } from '../dataset/file-stamp.js';
import { writeFileAtomic } from './atomic-file.js';

/** What a run's result files are computed from: when it is the same again, so are they. */
export interface ResultsSource {
  readonly tool: string;
  readonly store: string;
  readonly runId: string;
  /** The store's `resultsDigest` of the run. */
  readonly results: string;
  readonly seed: number | null;
  readonly resamples: number;
  readonly groupIntervals: boolean;
}

/** Kept beside the result files: what they were written from, each file as written, and the table printed with them. */
export interface WrittenResults extends ResultsSource {
  readonly files: readonly FileStamp[];
  readonly table: string;
}

/** Hidden: it describes the folder's files and is not one of the results. */
export const WRITTEN_RESULTS_FILE = '.mrb-results.json';

const SOURCE_FIELDS = ['tool', 'store', 'runId', 'results', 'seed', 'resamples', 'groupIntervals'] as const;

/**
 * The record of the results in `outDir` when they were written from this very source and every file
 * is still as written; undefined otherwise (never written, written from other results or options,
 * or a file since changed, replaced or removed).
 */
export function currentResults(outDir: string, source: ResultsSource, names: readonly string[]): WrittenResults | undefined {
  let written: WrittenResults;
  try {
    written = JSON.parse(readFileSync(join(outDir, WRITTEN_RESULTS_FILE), 'utf8')) as WrittenResults;
  } catch {
    return undefined;
  }
  if (!SOURCE_FIELDS.every((field) => written[field] === source[field]) || typeof written.table !== 'string' || !Array.isArray(written.files)) return undefined;
  const paths = names.map((name) => join(outDir, name));
  if (written.files.length !== paths.length) return undefined;
  const current = written.files.every((file, i) => {
    const now = stampFile(paths[i]!);
    return now !== undefined && sameFile(file, now);
  });
  return current ? written : undefined;
}

/** Written last, once every result file is in place: a run killed while writing them leaves no record. */
export function recordWrittenResults(outDir: string, source: ResultsSource, names: readonly string[], table: string): void {
  const files = names.map((name) => stampFile(join(outDir, name)));
  if (files.some((f) => f === undefined)) return;
  const record: WrittenResults = { ...source, files: files as FileStamp[], table };
  writeFileAtomic(join(outDir, WRITTEN_RESULTS_FILE), JSON.stringify(record, null, 2) + '\n');
}
