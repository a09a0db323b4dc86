import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameFile, stampFile, type FileStamp } from '../dataset/file-stamp.js';
import { writeFileAtomic } from './atomic-file.js';

/** What a run's result files are computed from: when it is the same again, so are they. */
export interface ResultsSource {
  /** `codeIdentity()`: another version, or other code of this one, may compute other figures. */
  readonly tool: string;
  /** A hash of the store's location: never the location itself, which may hold a password. */
  readonly store: string;
  readonly runId: string;
  /** A hash of the run's record (but its times and its dataset stamp) and the store's `resultsDigest`. */
  readonly results: string;
  readonly seed: number | null;
  readonly resamples: number;
  readonly groupIntervals: boolean;
}

/** Kept beside the result files: what they were written from, each file as written, and the table printed with them. */
export interface WrittenResults {
  readonly source: ResultsSource;
  readonly files: readonly FileStamp[];
  readonly table: string;
}

/** Hidden: it describes the folder's files and is not one of the results. */
export const WRITTEN_RESULTS_FILE = '.mrb-results.json';

/**
 * The record of the results in `outDir` when they were written from this very source and every file
 * is still as written; undefined otherwise (never written, written from other results or options,
 * a file since changed, replaced or removed, or a record this version cannot read).
 */
export function currentResults(outDir: string, source: ResultsSource, names: readonly string[]): WrittenResults | undefined {
  let written: unknown;
  try {
    written = JSON.parse(readFileSync(join(outDir, WRITTEN_RESULTS_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isWrittenResults(written) || !sameSource(written.source, source)) return undefined;
  const paths = names.map((name) => join(outDir, name));
  if (written.files.length !== paths.length) return undefined;
  const current = written.files.every((file, i) => {
    const now = stampFile(paths[i]!);
    return file.path === paths[i] && now !== undefined && sameFile(file, now);
  });
  return current ? written : undefined;
}

/**
 * Records the files as this process wrote them (`written`: each stamped straight after its own
 * write), once all of them are in place, and only if none has changed since: another worker writing
 * the same folder meanwhile leaves no record vouching for its files.
 */
export function recordWrittenResults(outDir: string, source: ResultsSource, written: readonly FileStamp[], table: string): void {
  const unchanged = written.every((file) => {
    const now = stampFile(file.path);
    return now !== undefined && sameFile(file, now);
  });
  if (!unchanged) return;
  const record: WrittenResults = { source, files: written, table };
  writeFileAtomic(join(outDir, WRITTEN_RESULTS_FILE), JSON.stringify(record, null, 2) + '\n');
}

function sameSource(stored: Record<string, unknown>, source: ResultsSource): boolean {
  const fields = Object.keys(source) as (keyof ResultsSource)[];
  return Object.keys(stored).length === fields.length && fields.every((field) => stored[field] === source[field]);
}

function isWrittenResults(value: unknown): value is WrittenResults & { source: Record<string, unknown> } {
  if (typeof value !== 'object' || value === null) return false;
  const { source, files, table } = value as Record<string, unknown>;
  return (
    typeof source === 'object' && source !== null && typeof table === 'string' && Array.isArray(files) &&
    files.every((f) => typeof f === 'object' && f !== null && ['path', 'mtimeNs', 'ctimeNs', 'inode'].every((k) => typeof (f as Record<string, unknown>)[k] === 'string') && typeof (f as Record<string, unknown>).size === 'number')
  );
}
