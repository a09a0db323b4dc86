import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '0001_runs_trials_judgments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('dataset', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('cases')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('uid', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('organ', 'text', (c) => c.notNull())
        .addColumn('question_id', 'text', (c) => c.notNull())
        .addColumn('department', 'text')
        .addColumn('modality', 'text')
        .addColumn('body_part', 'text')
        .addColumn('question_type', 'text')
        .addColumn('source', 'text')
        .addColumn('image_id', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer_a', 'text', (c) => c.notNull())
        .addColumn('answer_b', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('image_sha256', 'text', (c) => c.notNull())
        .addColumn('image_mime', 'text', (c) => c.notNull())
        .addColumn('image_size', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('cases_pk', ['run_id', 'uid'])
        .execute();
      await db.schema
        .createTable('trials')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('case_uid', 'text', (c) => c.notNull())
        .addColumn('judge', 'text', (c) => c.notNull())
        .addColumn('prompt_order', 'text', (c) => c.notNull())
        .addColumn('sample', 'integer', (c) => c.notNull())
        .addColumn('trial_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('trials_pk', ['run_id', 'case_uid', 'judge', 'prompt_order', 'sample'])
        .execute();
      await db.schema.createIndex('trials_key').on('trials').column('trial_key').execute();
      await db.schema
        .createTable('judgments')
        .addColumn('trial_key', 'text', (c) => c.primaryKey())
        .addColumn('judge', 'text', (c) => c.notNull())
        .addColumn('raw_output', 'text')
        .addColumn('reasoning', 'text')
        .addColumn('input_tokens', 'integer')
        .addColumn('output_tokens', 'integer')
        .addColumn('latency_ms', sql`double precision`, (c) => c.notNull()) // PostgreSQL's real is 4 bytes; SQLite reads this as REAL
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('error_kind', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_run_leases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('run_leases')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003_trial_claims': {
    async up(db: Kysely<unknown>) {
      // Which worker is sending which trial: claimed (until expires_at, renewed while it works) or
      // done in this session. Several workers on one run claim disjoint trials through it.
      await db.schema
        .createTable('trial_claims')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('trial_key', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('trial_claims_pk', ['run_id', 'trial_key'])
        .execute();
      await db.schema.createIndex('trial_claims_owner').on('trial_claims').columns(['run_id', 'owner']).execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const SCHEMA_VERSION = Object.keys(migrations).length;

/** Brings a store up to this version's schema; refuses a store written by a newer version. */
export async function migrateToLatest(db: Kysely<unknown>, where: string): Promise<void> {
  const { Migrator } = await import('kysely');
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      /missing/i.test(detail)
        ? `the store ${where} was written by a newer med-rewardbench (schema newer than version ${SCHEMA_VERSION}); upgrade to read it`
        : `could not prepare the store ${where}${failed ? ` (migration ${failed})` : ''}: ${detail}`,
    );
  }
}
