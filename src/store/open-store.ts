import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';

export const DEFAULT_STORE_PATH = '.mrb/mrb.sqlite';

/** Opens (creating if needed) the SQLite store at `path`, in WAL mode so a viewer can read while a run writes. */
export async function openStore(path: string = DEFAULT_STORE_PATH): Promise<Store> {
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true });
  const sqlite = new BetterSqlite3(full);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (every commit reaches the OS); only power loss can drop the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>, full);
  return new KyselyStore(db, full);
}
