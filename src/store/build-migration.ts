import type { Kysely, Migration, MigrationProvider } from 'kysely';

// The tables of benchmark construction (`mrb build`, `mrb annotate`). Images are kept as blobs so a
// build is one file that can be copied, backed up or handed to the annotation server as it is.
const buildTablesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('build_items')
      .addColumn('item_id', 'text', (c) => c.primaryKey())
      .addColumn('organ', 'text', (c) => c.notNull())
      .addColumn('department', 'text')
      .addColumn('modality', 'text')
      .addColumn('body_part', 'text')
      .addColumn('question_type', 'text')
      .addColumn('answer_kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('image_id', 'text')
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('reference_answer', 'text', (c) => c.notNull())
      .addColumn('image', 'blob', (c) => c.notNull())
      .addColumn('image_sha256', 'text', (c) => c.notNull())
      .addColumn('image_mime', 'text', (c) => c.notNull())
      .addColumn('provenance', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('build_solver_answers')
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('solver', 'text', (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('correct', 'integer')
      .addColumn('graded_by', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_solver_answers_pk', ['item_id', 'solver'])
      .execute();
    await db.schema
      .createTable('build_responses')
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_responses_pk', ['item_id', 'model'])
      .execute();
    await db.schema
      .createTable('build_quality')
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('grader', 'text', (c) => c.notNull())
      .addColumn('score', 'real')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_quality_pk', ['item_id', 'model', 'grader'])
      .execute();
    await db.schema
      .createTable('build_pairs')
      .addColumn('pair_id', 'text', (c) => c.primaryKey())
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('model_a', 'text', (c) => c.notNull())
      .addColumn('model_b', 'text', (c) => c.notNull())
      .addColumn('strategy', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('build_annotators')
      .addColumn('annotator_id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('build_assignments')
      .addColumn('pair_id', 'text', (c) => c.notNull())
      .addColumn('annotator_id', 'text', (c) => c.notNull())
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_assignments_pk', ['pair_id', 'annotator_id'])
      .execute();
    await db.schema
      .createTable('build_annotations')
      .addColumn('pair_id', 'text', (c) => c.notNull())
      .addColumn('annotator_id', 'text', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('choice', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_annotations_pk', ['pair_id', 'annotator_id', 'dimension'])
      .execute();
    await db.schema
      .createTable('build_comments')
      .addColumn('pair_id', 'text', (c) => c.notNull())
      .addColumn('annotator_id', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_comments_pk', ['pair_id', 'annotator_id'])
      .execute();
    await db.schema
      .createTable('build_adjudications')
      .addColumn('pair_id', 'text', (c) => c.notNull())
      .addColumn('dimension', 'text', (c) => c.notNull())
      .addColumn('choice', 'text', (c) => c.notNull())
      .addColumn('annotator_id', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('build_adjudications_pk', ['pair_id', 'dimension'])
      .execute();
    await db.schema
      .createTable('build_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};

const migrations: Record<string, Migration> = { '0001_build_benchmark': buildTablesMigration };
const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the build tables up to date. They keep their own migration history (their own kysely
 * tables), so the run store's migrations and these can each gain versions without ordering
 * against each other, and one SQLite file may hold both.
 */
export async function migrateBuildTables(db: Kysely<unknown>, where: string): Promise<void> {
  const { Migrator } = await import('kysely');
  const { error, results } = await new Migrator({ db, provider, migrationTableName: 'build_kysely_migration', migrationLockTableName: 'build_kysely_migration_lock' }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      /missing/i.test(detail)
        ? `the build store ${where} was written by a newer med-rewardbench; upgrade to read it`
        : `could not prepare the build tables in ${where}${failed ? ` (migration ${failed})` : ''}: ${detail}`,
    );
  }
}
