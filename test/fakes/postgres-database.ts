import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Whether the test run has a PostgreSQL server (CI always does: .ci/run requires it). */
export const hasPostgres = (): boolean => inject('postgresUrl') !== '';

/** A new, empty database on the test server: one per test, so tests never see each other's runs. */
export async function freshPostgresUrl(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  return base.replace(/\/postgres$/, `/${name}`);
}
