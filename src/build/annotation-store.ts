import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import { BuildError } from './build-error.js';
import type { BuildDatabase } from './build-schema.js';

export const ROLES = ['annotator', 'adjudicator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an annotator may answer per dimension: one of the answers, or (when allowed) a tie. */
export const CHOICES = ['A', 'B', 'tie'] as const;
export type AnnotationChoice = (typeof CHOICES)[number];

export interface Annotator {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export interface Annotation {
  readonly pairId: string;
  readonly annotatorId: string;
  readonly dimension: Dimension;
  readonly choice: AnnotationChoice;
}

export interface Adjudication {
  readonly pairId: string;
  readonly dimension: Dimension;
  readonly choice: AnnotationChoice;
  readonly annotatorId: string;
}

const now = () => new Date().toISOString();

/** Tokens are 256 random bits, so a plain SHA-256 is enough to keep them unusable if the store leaks. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isChoice(value: unknown): value is AnnotationChoice {
  return typeof value === 'string' && (CHOICES as readonly string[]).includes(value);
}

/** Annotators, their assignments and every label they give; each label is written the moment it is given. */
export class AnnotationStore {
  constructor(private readonly db: Kysely<BuildDatabase>) {}

  /** A new annotator and their secret token. The token is returned once and stored only as a hash. */
  async createAnnotator(name: string, role: Role): Promise<{ annotator: Annotator; token: string }> {
    const clean = name.trim();
    if (clean === '' || clean.length > 80) throw new BuildError('an annotator needs a name of 1 to 80 characters');
    if (await this.db.selectFrom('build_annotators').select('annotator_id').where('name', '=', clean).executeTakeFirst()) {
      throw new BuildError(`an annotator named ${JSON.stringify(clean)} exists already (give a new link with: mrb annotate new-link)`);
    }
    const token = randomBytes(32).toString('base64url');
    const annotator = { id: randomUUID(), name: clean, role };
    await this.db.insertInto('build_annotators').values({ annotator_id: annotator.id, name: clean, role, token_hash: hashToken(token), created_at: now() }).execute();
    return { annotator, token };
  }

  /** Replaces an annotator's token: the old link stops working at once. */
  async newToken(name: string): Promise<{ annotator: Annotator; token: string }> {
    const annotator = (await this.annotators()).find((a) => a.name === name.trim());
    if (!annotator) throw new BuildError(`no annotator named ${JSON.stringify(name)}`);
    const token = randomBytes(32).toString('base64url');
    await this.db.updateTable('build_annotators').set({ token_hash: hashToken(token) }).where('annotator_id', '=', annotator.id).execute();
    return { annotator, token };
  }

  async byToken(token: string): Promise<Annotator | undefined> {
    if (token.length < 20 || token.length > 100) return undefined;
    const row = await this.db.selectFrom('build_annotators').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    return row ? { id: row.annotator_id, name: row.name, role: row.role as Role } : undefined;
  }

  async annotators(): Promise<Annotator[]> {
    const rows = await this.db.selectFrom('build_annotators').selectAll().orderBy('created_at').orderBy('name').execute();
    return rows.map((r) => ({ id: r.annotator_id, name: r.name, role: r.role as Role }));
  }

  /**
   * Gives every pair `perPair` annotators, each pair to those with the fewest pairs so far, so the
   * work is spread evenly. Only adds what is missing: running it again after adding annotators or
   * pairs tops the assignments up and moves nothing already assigned.
   */
  async assign(perPair: number): Promise<{ added: number; pairs: number; annotators: number }> {
    const annotators = (await this.annotators()).filter((a) => a.role === 'annotator');
    if (annotators.length < perPair) throw new BuildError(`${perPair} annotators per pair, but only ${annotators.length} annotator(s) exist: add more with mrb annotate add-annotator`);
    const pairs = await this.db.selectFrom('build_pairs').select('pair_id').orderBy('position').execute();
    if (pairs.length === 0) throw new BuildError('no pairs to assign: run mrb build pair first');
    const existing = await this.db.selectFrom('build_assignments').selectAll().execute();
    const load = new Map(annotators.map((a) => [a.id, 0]));
    const byPair = new Map<string, Set<string>>();
    for (const a of existing) {
      load.set(a.annotator_id, (load.get(a.annotator_id) ?? 0) + 1);
      (byPair.get(a.pair_id) ?? byPair.set(a.pair_id, new Set()).get(a.pair_id)!).add(a.annotator_id);
    }
    const rows: Array<{ pair_id: string; annotator_id: string; assigned_at: string }> = [];
    for (const { pair_id } of pairs) {
      const have = byPair.get(pair_id) ?? new Set();
      const candidates = annotators.filter((a) => !have.has(a.id)).sort((x, y) => load.get(x.id)! - load.get(y.id)!);
      for (const a of candidates.slice(0, Math.max(0, perPair - have.size))) {
        rows.push({ pair_id, annotator_id: a.id, assigned_at: now() });
        load.set(a.id, load.get(a.id)! + 1);
      }
    }
    if (rows.length > 0) {
      await this.db.transaction().execute(async (tx) => {
        for (const row of rows) await tx.insertInto('build_assignments').values(row).execute();
      });
    }
    return { added: rows.length, pairs: pairs.length, annotators: annotators.length };
  }

  /** An annotator's pairs in benchmark order, with how many dimensions each has labelled. */
  async tasks(annotatorId: string): Promise<Array<{ pairId: string; labelled: number }>> {
    const rows = await this.db
      .selectFrom('build_assignments as s')
      .innerJoin('build_pairs as p', 'p.pair_id', 's.pair_id')
      .leftJoin('build_annotations as n', (join) => join.onRef('n.pair_id', '=', 's.pair_id').onRef('n.annotator_id', '=', 's.annotator_id'))
      .select(['s.pair_id', 'p.position', (eb) => eb.fn.count<number>('n.dimension').as('labelled')])
      .where('s.annotator_id', '=', annotatorId)
      .groupBy(['s.pair_id', 'p.position'])
      .orderBy('p.position')
      .execute();
    return rows.map((r) => ({ pairId: r.pair_id, labelled: Number(r.labelled) }));
  }

  async isAssigned(pairId: string, annotatorId: string): Promise<boolean> {
    return (await this.db.selectFrom('build_assignments').select('pair_id').where('pair_id', '=', pairId).where('annotator_id', '=', annotatorId).executeTakeFirst()) !== undefined;
  }

  async labelsOf(pairId: string, annotatorId: string): Promise<{ choices: Partial<Record<Dimension, AnnotationChoice>>; comment: string }> {
    const rows = await this.db.selectFrom('build_annotations').select(['dimension', 'choice']).where('pair_id', '=', pairId).where('annotator_id', '=', annotatorId).execute();
    const comment = await this.db.selectFrom('build_comments').select('comment').where('pair_id', '=', pairId).where('annotator_id', '=', annotatorId).executeTakeFirst();
    return { choices: Object.fromEntries(rows.map((r) => [r.dimension, r.choice])), comment: comment?.comment ?? '' };
  }

  async setChoice(pairId: string, annotatorId: string, dimension: Dimension, choice: AnnotationChoice | null): Promise<void> {
    if (choice === null) {
      await this.db.deleteFrom('build_annotations').where('pair_id', '=', pairId).where('annotator_id', '=', annotatorId).where('dimension', '=', dimension).execute();
      return;
    }
    const row = { pair_id: pairId, annotator_id: annotatorId, dimension, choice, updated_at: now() };
    await this.db.insertInto('build_annotations').values(row).onConflict((oc) => oc.columns(['pair_id', 'annotator_id', 'dimension']).doUpdateSet({ choice, updated_at: row.updated_at })).execute();
  }

  async setComment(pairId: string, annotatorId: string, comment: string): Promise<void> {
    const row = { pair_id: pairId, annotator_id: annotatorId, comment, updated_at: now() };
    await this.db.insertInto('build_comments').values(row).onConflict((oc) => oc.columns(['pair_id', 'annotator_id']).doUpdateSet({ comment, updated_at: row.updated_at })).execute();
  }

  async annotations(): Promise<Annotation[]> {
    const rows = await this.db.selectFrom('build_annotations').select(['pair_id', 'annotator_id', 'dimension', 'choice']).execute();
    return rows
      .filter((r) => (DIMENSIONS as readonly string[]).includes(r.dimension))
      .map((r) => ({ pairId: r.pair_id, annotatorId: r.annotator_id, dimension: r.dimension as Dimension, choice: r.choice as AnnotationChoice }));
  }

  async comments(pairId: string): Promise<Array<{ annotatorId: string; comment: string }>> {
    const rows = await this.db.selectFrom('build_comments').select(['annotator_id', 'comment']).where('pair_id', '=', pairId).execute();
    return rows.filter((r) => r.comment.trim() !== '').map((r) => ({ annotatorId: r.annotator_id, comment: r.comment }));
  }

  async assignments(): Promise<Array<{ pairId: string; annotatorId: string }>> {
    const rows = await this.db.selectFrom('build_assignments').select(['pair_id', 'annotator_id']).execute();
    return rows.map((r) => ({ pairId: r.pair_id, annotatorId: r.annotator_id }));
  }

  async adjudications(): Promise<Adjudication[]> {
    const rows = await this.db.selectFrom('build_adjudications').selectAll().execute();
    return rows.map((r) => ({ pairId: r.pair_id, dimension: r.dimension as Dimension, choice: r.choice as AnnotationChoice, annotatorId: r.annotator_id }));
  }

  async setAdjudication(pairId: string, dimension: Dimension, choice: AnnotationChoice | null, annotatorId: string): Promise<void> {
    if (choice === null) {
      await this.db.deleteFrom('build_adjudications').where('pair_id', '=', pairId).where('dimension', '=', dimension).execute();
      return;
    }
    const row = { pair_id: pairId, dimension, choice, annotator_id: annotatorId, updated_at: now() };
    await this.db.insertInto('build_adjudications').values(row).onConflict((oc) => oc.columns(['pair_id', 'dimension']).doUpdateSet({ choice, annotator_id: annotatorId, updated_at: row.updated_at })).execute();
  }
}
