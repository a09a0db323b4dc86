import Sqlite from 'better-sqlite3';
import type { TrialResult } from './store.js';
import { trialResult, type TrialResultRow } from './trial-result-row.js';

/**
 * A read of trial results from a SQLite store, as statements another thread can run on its own
 * connection. That thread needs neither Kysely nor the store's migrations: opening the store there
 * took longer than reading half of a large run.
 */
export interface SqliteResultsRead {
  readonly file: string;
  readonly statements: readonly { readonly sql: string; readonly parameters: readonly unknown[] }[];
}

/** Runs the read on a read-only connection of its own (in WAL mode, readers do not wait for each other). */
export function readSqliteResults({ file, statements }: SqliteResultsRead): TrialResult[] {
  const sqlite = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 10000');
    // As the store's own connection: SQLite's default page cache, not better-sqlite3's 16 MB.
    sqlite.pragma('cache_size = -2000');
    const results: TrialResult[] = [];
    for (const { sql, parameters } of statements) {
      for (const row of sqlite.prepare(sql).raw(true).all(...parameters)) results.push(trialResult(row as TrialResultRow));
    }
    return results;
  } finally {
    sqlite.close();
  }
}
