/**
 * A database error from the store, with the store it happened in: SQLite's own message ("database
 * or disk is full") does not say which file, and a user with several stores needs to know.
 */
export class StoreFailure extends Error {
  readonly code: string;

  constructor(
    readonly location: string,
    cause: Error & { code: string },
  ) {
    super(cause.message, { cause });
    this.name = 'StoreFailure';
    this.code = cause.code;
  }
}

/** SQLite errors become StoreFailures naming `location`; anything else passes unchanged. */
export function inStore(error: unknown, location: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof StoreFailure || !(error instanceof Error) || typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  return new StoreFailure(location, error as Error & { code: string });
}
