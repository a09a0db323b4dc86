import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';

/**
 * SQLite's own driver, beside Kysely, for what a run does thousands of times. Kysely compiles a
 * query's SQL anew each time and SQLite prepares a many-row insert anew for each number of rows;
 * together they cost several times the writes themselves. Here a statement is prepared once and
 * run once per row, in one transaction. The SQL is still Kysely's (the query for one row),
 * so SQLite and PostgreSQL run the same statements.
 *
 * Callers run these inside `Kysely.connection().execute()`, so they never interleave with a
 * transaction Kysely has open on the same connection.
 */
export class NativeSqlite {
  private readonly reads = new Map<string, BetterSqlite3.Statement>();
  private readonly writes = new Map<string, { statement: BetterSqlite3.Statement; parameters: number }>();

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  /** A read whose rows come back as arrays: the driver builds a named object per row otherwise. */
  arrayRows(text: string, parameters: readonly unknown[]): unknown[][] {
    return this.read(text, true).all(...parameters) as unknown[][];
  }

  /** The same rows one at a time: none outlives its turn, however many the read returns. */
  eachArrayRow(text: string, parameters: readonly unknown[], each: (row: unknown[]) => void): void {
    for (const row of this.read(text, true).iterate(...parameters)) each(row as unknown[]);
  }

  /** The rows of a statement that returns rows (a read, or a write with `returning`), as named objects. */
  objectRows(text: string, parameters: readonly unknown[]): unknown[] {
    return this.read(text, false).all(...parameters);
  }

  private read(text: string, raw: boolean): BetterSqlite3.Statement {
    const name = `${raw ? 'raw' : 'rows'}:${text}`;
    let statement = this.reads.get(name);
    if (!statement) this.reads.set(name, (statement = this.sqlite.prepare(text).raw(raw)));
    return statement;
  }

  /** Runs `work` in one transaction: all it writes is stored, or (on an error or a crash) none of it. */
  transaction(work: () => void): void {
    this.sqlite.transaction(work)();
  }

  /** Runs the one-row statement `name` (compiled by `compileOne` the first time) once per row of values. */
  runEach(name: string, compileOne: () => CompiledQuery, rows: readonly (readonly unknown[])[]): void {
    let write = this.writes.get(name);
    if (!write) {
      const compiled = compileOne();
      write = { statement: this.sqlite.prepare(compiled.sql), parameters: compiled.parameters.length };
      this.writes.set(name, write);
    }
    const { statement, parameters } = write;
    for (const row of rows) {
      // Values of another shape would be bound to the wrong columns.
      if (row.length !== parameters) throw new Error(`${name}: ${row.length} values for ${parameters} parameters`);
      statement.run(...row);
    }
  }
}
