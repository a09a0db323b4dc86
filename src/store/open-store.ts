import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { KyselyStore } from './kysely-store.js';
import { NativeSqlite } from './native-sqlite.js';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { StoreNotFoundError } from './store-not-found-error.js';

export const DEFAULT_STORE_PATH = '.mrb/mrb.sqlite';

export class StoreOpenError extends Error {
  constructor(path: string, cause: Error) {
    super(`cannot open the store at ${path}: ${cause.message}${path.startsWith('postgres') ? ' (is the server running, and the URL right?)' : ' (is the folder writable, and the disk not full?)'}`);
    this.name = 'StoreOpenError';
  }
}

/** `postgres://` and `postgresql://` locations name a shared PostgreSQL store; anything else is a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** A PostgreSQL URL as it may be shown: the password never appears in a message. */
export function displayLocation(location: string): string {
  if (!isPostgresLocation(location) || !URL.canParse(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}

/**
 * Opens the store at `location`: a PostgreSQL URL for a store shared by many workers, or a SQLite
 * file path. Both get the same migrations and the same queries.
 */
export async function openStore(location: string = DEFAULT_STORE_PATH, options: { mustExist?: boolean } = {}): Promise<Store> {
  return isPostgresLocation(location) ? openPostgresStore(location) : openSqliteStore(location, options);
}

async function openPostgresStore(url: string): Promise<Store> {
  const [{ default: pg }, { Kysely: KyselyClass, PostgresDialect }, { migrateToLatest }] = await Promise.all([import('pg'), import('kysely'), import('./migrations.js')]);
  // Counts and sizes are stored as integers; pg would hand back BIGINT as text.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const shown = displayLocation(url);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreOpenError(shown, new Error((error as Error).message.split(url).join(shown)));
  }
  const db: Kysely<Database> = new KyselyClass<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db as Kysely<unknown>, shown);
  return newKyselyStore(db, shown, 'postgres');
}

/** The store's queries load with the first store opened, kysely with them: a command's help needs neither. */
async function newKyselyStore(...args: ConstructorParameters<typeof KyselyStore>): Promise<Store> {
  const { KyselyStore: Queries } = await import('./kysely-store.js');
  return new Queries(...args);
}

/**
 * Opens the SQLite store at `path`, in WAL mode so a viewer can read while a run writes. Creates it
 * unless `mustExist`: commands that only read should not leave empty stores behind a typo.
 */
async function openSqliteStore(path: string, options: { mustExist?: boolean }): Promise<Store> {
  // NORMAL in WAL mode survives a killed process (every commit reaches the OS); only power loss can drop the last commits.
  const { db, full, native } = await openSqliteDatabase<Database>(path, { ...options, synchronous: 'NORMAL' });
  return newKyselyStore(db, full, 'sqlite', native);
}

/**
 * A migrated SQLite database in WAL mode, for the run store and the build store alike; with
 * `native`, the driver itself for reads and writes that Kysely would make several times dearer.
 */
export async function openSqliteDatabase<D>(
  path: string,
  options: { mustExist?: boolean; synchronous: 'NORMAL' | 'FULL' },
): Promise<{ db: Kysely<D>; full: string; native: NativeSqlite }> {
  const full = resolve(path);
  if (options.mustExist && !existsSync(full)) throw new StoreNotFoundError(path);
  // Loaded on first use: `mrb --help` should not pay for a database driver or its query builder.
  const [{ default: Sqlite }, { Kysely: KyselyClass, SqliteDialect }, { migrateToLatest }] = await Promise.all([import('better-sqlite3'), import('kysely'), import('./migrations.js')]);
  let sqlite: BetterSqlite3.Database;
  try {
    mkdirSync(dirname(full), { recursive: true });
    sqlite = new Sqlite(full);
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    throw new StoreOpenError(path, error as Error);
  }
  sqlite.pragma(`synchronous = ${options.synchronous}`);
  sqlite.pragma('busy_timeout = 10000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection, and it fills as the store
  // grows: a process on a store of 20,000 cases held about 14 MB more than on one of 1,000. SQLite's
  // own default of 2 MB is enough here: pages it drops are still in the OS's file cache.
  sqlite.pragma('cache_size = -2000');
  const dialect = new SqliteDialect({ database: sqlite });
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => {
    const driver = createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    // SQLite rolls a transaction back itself on some errors (SQLITE_FULL among them); Kysely's
    // ROLLBACK then fails with "no transaction is active" and that error hides the real one.
    driver.rollbackTransaction = async (connection) => {
      if (sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  };
  const db = new KyselyClass<D>({ dialect });
  await migrateToLatest(db as Kysely<unknown>, full);
  return { db, full, native: new NativeSqlite(sqlite) };
}
