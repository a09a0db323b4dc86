import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
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

/**
 * Runs the read on a read-only connection of its own (in WAL mode, readers do not wait for each
 * other), a row at a time: what consumes each result as it comes (scoring) keeps none of them, so
 * they die young instead of being copied through the heap's generations.
 */
export function* readSqliteResults({ file, statements }: SqliteResultsRead): Generator<TrialResult, void, undefined> {
  // Loaded on first use, as the store loads it: a PostgreSQL user's scoring never needs the driver.
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const sqlite = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 10000');
    // As the store's own connection: SQLite's default page cache, not better-sqlite3's 16 MB.
    sqlite.pragma('cache_size = -2000');
    for (const { sql, parameters } of statements) {
      for (const row of sqlite.prepare(sql).raw(true).iterate(...parameters)) yield trialResult(row as TrialResultRow);
    }
  } finally {
    sqlite.close();
  }
}
