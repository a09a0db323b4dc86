import type { Kysely, Selectable } from 'kysely';
import { descriptionColumns, descriptionFields } from '../store/description-columns.js';
import type { ImageMime } from '../dataset/image-format.js';
import { migrateBuildTables } from '../store/build-migration.js';
import { isPostgresLocation, openSqliteDatabase } from '../store/open-store.js';
import { BuildError } from './build-error.js';
import type { AnswerKind, BuildItem, BuildItemWithImage, ItemImage, Provenance } from './build-item.js';
import type { BuildDatabase, BuildItemsTable } from './build-schema.js';

export const DEFAULT_BUILD_STORE = '.mrb/build.sqlite';

const now = () => new Date().toISOString();

export interface SolverAnswer {
  readonly itemId: string;
  readonly solver: string;
  readonly answer: string | null;
  /** null while an open answer waits for its grader, or when the solver failed. */
  readonly correct: boolean | null;
  readonly gradedBy: string | null;
  readonly error: string | null;
}

export interface PoolResponse {
  readonly itemId: string;
  readonly model: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly answer: string | null;
  readonly error: string | null;
}

export interface QualityScore {
  readonly itemId: string;
  readonly model: string;
  readonly grader: string;
  readonly score: number | null;
  readonly error: string | null;
}

export interface Pair {
  readonly pairId: string;
  readonly itemId: string;
  readonly position: number;
  readonly modelA: string;
  readonly modelB: string;
  readonly strategy: string;
}

function toItem(row: Omit<Selectable<BuildItemsTable>, 'image'>): BuildItem {
  return {
    itemId: row.item_id,
    organ: row.organ,
    ...descriptionFields(row),
    answerKind: row.answer_kind as AnswerKind,
    question: row.question,
    referenceAnswer: row.reference_answer,
    imageSha256: row.image_sha256,
    imageMime: row.image_mime as ImageMime,
    provenance: JSON.parse(row.provenance) as Provenance,
  };
}

const ITEM_COLUMNS = [
  'item_id', 'organ', 'department', 'modality', 'body_part', 'question_type', 'answer_kind', 'source', 'image_id',
  'question', 'reference_answer', 'image_sha256', 'image_mime', 'provenance', 'created_at',
] as const;

/**
 * A benchmark under construction: items, solver answers, the response pool, pairs and (through
 * `db`, used by the annotation store) the annotations. Every step writes here as it goes, so any
 * step can be stopped and started again.
 */
export class BuildStore {
  constructor(
    readonly db: Kysely<BuildDatabase>,
    readonly location: string,
  ) {}

  async putItems(items: readonly BuildItemWithImage[]): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (tx) => {
      for (const item of items) {
        const row = {
          item_id: item.itemId,
          organ: item.organ,
          ...descriptionColumns(item),
          answer_kind: item.answerKind,
          question: item.question,
          reference_answer: item.referenceAnswer,
          image: item.image,
          image_sha256: item.imageSha256,
          image_mime: item.imageMime,
          provenance: JSON.stringify(item.provenance),
          created_at: at,
        };
        // Importing the same source again replaces its items (a corrected file is re-imported).
        await tx.insertInto('build_items').values(row).onConflict((oc) => oc.column('item_id').doUpdateSet({ ...row, item_id: undefined, created_at: undefined })).execute();
      }
    });
  }

  async items(): Promise<BuildItem[]> {
    const rows = await this.db.selectFrom('build_items').select([...ITEM_COLUMNS]).orderBy('item_id').execute();
    return rows.map(toItem);
  }

  async itemImage(itemId: string): Promise<ItemImage | undefined> {
    const row = await this.db.selectFrom('build_items').select(['image', 'image_mime', 'image_sha256']).where('item_id', '=', itemId).executeTakeFirst();
    return row ? { bytes: new Uint8Array(row.image), mime: row.image_mime as ImageMime, sha256: row.image_sha256 } : undefined;
  }

  async solverAnswers(): Promise<SolverAnswer[]> {
    const rows = await this.db.selectFrom('build_solver_answers').selectAll().execute();
    return rows.map((r) => ({ itemId: r.item_id, solver: r.solver, answer: r.answer, correct: r.correct === null ? null : r.correct === 1, gradedBy: r.graded_by, error: r.error }));
  }

  async putSolverAnswer(a: SolverAnswer): Promise<void> {
    const row = { item_id: a.itemId, solver: a.solver, answer: a.answer, correct: a.correct === null ? null : a.correct ? 1 : 0, graded_by: a.gradedBy, error: a.error, created_at: now() };
    await this.db.insertInto('build_solver_answers').values(row).onConflict((oc) => oc.columns(['item_id', 'solver']).doUpdateSet(row)).execute();
  }

  async responses(): Promise<PoolResponse[]> {
    const rows = await this.db.selectFrom('build_responses').selectAll().orderBy('item_id').orderBy('model').execute();
    return rows.map((r) => ({ itemId: r.item_id, model: r.model, settings: JSON.parse(r.settings) as Record<string, unknown>, answer: r.answer, error: r.error }));
  }

  async putResponse(r: PoolResponse): Promise<void> {
    const row = { item_id: r.itemId, model: r.model, settings: JSON.stringify(r.settings), answer: r.answer, error: r.error, created_at: now() };
    await this.db.insertInto('build_responses').values(row).onConflict((oc) => oc.columns(['item_id', 'model']).doUpdateSet(row)).execute();
  }

  async qualityScores(): Promise<QualityScore[]> {
    const rows = await this.db.selectFrom('build_quality').selectAll().execute();
    return rows.map((r) => ({ itemId: r.item_id, model: r.model, grader: r.grader, score: r.score, error: r.error }));
  }

  async putQualityScore(q: QualityScore): Promise<void> {
    const row = { item_id: q.itemId, model: q.model, grader: q.grader, score: q.score, error: q.error, created_at: now() };
    await this.db.insertInto('build_quality').values(row).onConflict((oc) => oc.columns(['item_id', 'model', 'grader']).doUpdateSet(row)).execute();
  }

  async pairs(): Promise<Pair[]> {
    const rows = await this.db.selectFrom('build_pairs').selectAll().orderBy('position').execute();
    return rows.map((r) => ({ pairId: r.pair_id, itemId: r.item_id, position: r.position, modelA: r.model_a, modelB: r.model_b, strategy: r.strategy }));
  }

  /** Replaces every pair at once: pairing is one decision over the whole pool. */
  async replacePairs(pairs: readonly Pair[]): Promise<void> {
    const at = now();
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('build_pairs').execute();
      for (const p of pairs) {
        await tx.insertInto('build_pairs').values({ pair_id: p.pairId, item_id: p.itemId, position: p.position, model_a: p.modelA, model_b: p.modelB, strategy: p.strategy, created_at: at }).execute();
      }
    });
  }

  /** Labels given so far, by anyone: pairs with labels must not be replaced. */
  async annotationCount(): Promise<number> {
    const row = await this.db.selectFrom('build_annotations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('build_meta').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const row = { key, value: JSON.stringify(value) };
    await this.db.insertInto('build_meta').values(row).onConflict((oc) => oc.column('key').doUpdateSet(row)).execute();
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Opens (or creates) a build store. It is an ordinary med-rewardbench SQLite store, migrated like
 * the run store, so `--store` may name the same file `mrb run` uses.
 */
export async function openBuildStore(path: string = DEFAULT_BUILD_STORE, options: { mustExist?: boolean } = {}): Promise<BuildStore> {
  // A build is one team's work on one machine, and the annotation server keeps its images in the
  // file: a SQLite file suffices, and is what can be handed over or archived with the benchmark.
  if (isPostgresLocation(path)) throw new BuildError('a build store is a SQLite file; give --store a file path (PostgreSQL stores serve mrb run)');
  // FULL, not NORMAL: an annotator's click must survive even a power cut once it is acknowledged.
  const { db, full } = await openSqliteDatabase<BuildDatabase>(path, { ...options, synchronous: 'FULL' });
  await migrateBuildTables(db as Kysely<unknown>, full);
  return new BuildStore(db, full);
}
