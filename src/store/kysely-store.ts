import { createHash } from 'node:crypto';
import { sql, type CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { CaseRecord } from '../dataset/case.js';
import type { ImageMime } from '../dataset/image-format.js';
import type { Labels } from '../protocol/dimensions.js';
import type { Order } from '../protocol/verdict.js';
import type { CasesTable, Database, RunsTable } from './schema.js';
import { descriptionColumns, descriptionFields } from './description-columns.js';
import { inTrialOrder } from './trial-order.js';
import type { NativeSqlite } from './native-sqlite.js';
import type { SqliteResultsRead } from './sqlite-results-read.js';
import { trialResult, type TrialResultRow } from './trial-result-row.js';
import type { ClaimHolder, JudgmentRecord, LeaseHolder, PendingWork, RunProgress, RunRecord, RunStatus, Store, TrialRecord, TrialResult, TrialScope, WorkerClaims } from './store.js';

// SQLite caps bound parameters per statement; batches stay well under it.
const BATCH = 200;

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const now = () => new Date().toISOString();

/** A worker's claims on these keys are done: not claimed again in this session of the run. */
const finishClaims = (db: Kysely<Database>, runId: string, owner: string, keys: readonly string[]) =>
  db.updateTable('trial_claims').set({ state: 'done' }).where('run_id', '=', runId).where('owner', '=', owner).where('trial_key', 'in', keys);

/** The same for one key, its values in this order: run, owner, key. */
const finishOne = (runId: string, owner: string, key: string) =>
  sql`update trial_claims set state = 'done' where run_id = ${runId} and owner = ${owner} and trial_key = ${key}`;

function toRun<S, D>(row: Selectable<RunsTable>): RunRecord<S, D> {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: row.status as RunStatus,
    settings: JSON.parse(row.settings) as S,
    dataset: JSON.parse(row.dataset) as D,
  };
}

function toCase(row: Selectable<CasesTable>): CaseRecord {
  return {
    uid: row.uid,
    organ: row.organ,
    questionId: row.question_id,
    ...descriptionFields(row),
    question: row.question,
    answerA: row.answer_a,
    answerB: row.answer_b,
    labels: JSON.parse(row.labels) as Labels,
    imageSha256: row.image_sha256,
    imageMime: row.image_mime as ImageMime,
    imageSize: row.image_size,
  };
}


// Every column but the key: a re-read case replaces all of its stored description.
const CASE_COLUMNS = [
  'position', 'organ', 'question_id', 'department', 'modality', 'body_part', 'question_type', 'source', 'image_id',
  'question', 'answer_a', 'answer_b', 'labels', 'image_sha256', 'image_mime', 'image_size',
] as const;

const JUDGMENT_COLUMNS = [
  'judge', 'raw_output', 'reasoning', 'input_tokens', 'output_tokens', 'latency_ms', 'attempts', 'error', 'error_kind', 'created_at',
] as const;

/** The store on any database Kysely speaks to; the dialect is chosen by whoever opens it. */
export class KyselyStore implements Store {
  constructor(
    private readonly db: Kysely<Database>,
    readonly location: string,
    readonly dialect: 'sqlite' | 'postgres',
    /**
     * SQLite's own driver: reads every trial of a run with rows as arrays (the driver builds a
     * named object per row otherwise, most of the cost of such a read), and writes the rows a run
     * writes per case and per answer with statements prepared once.
     */
    private readonly native?: NativeSqlite,
  ) {}

  /**
   * The rows of a query that returns rows: on SQLite through a statement prepared once per SQL text
   * (Kysely's driver prepares each query anew; a claim's statement is long), elsewhere through Kysely.
   */
  private async rows<R>(query: CompiledQuery<R>): Promise<R[]> {
    if (this.native) return this.onNative((native) => native.objectRows(query.sql, query.parameters) as R[]);
    return (await this.db.executeQuery(query)).rows;
  }

  /** Runs `work` on the native driver once Kysely's connection is free (no Kysely transaction open on it). */
  private onNative<T>(work: (native: NativeSqlite) => T): Promise<T> {
    const native = this.native!;
    return this.db.connection().execute(async () => work(native));
  }

  async openRun<S, D>(init: { id: string; settings: S; dataset: D }) {
    const existing = await this.getRun<S, D>(init.id);
    const timestamp = now();
    if (existing) {
      await this.db
        .updateTable('runs')
        .set({ status: 'running', updated_at: timestamp, settings: JSON.stringify(init.settings), dataset: JSON.stringify(init.dataset) })
        .where('id', '=', init.id)
        .execute();
      return { run: { ...existing, status: 'running' as const, settings: init.settings, dataset: init.dataset }, resumed: true };
    }
    await this.db
      .insertInto('runs')
      .values({
        id: init.id,
        created_at: timestamp,
        updated_at: timestamp,
        status: 'running',
        settings: JSON.stringify(init.settings),
        dataset: JSON.stringify(init.dataset),
      })
      .execute();
    return { run: (await this.getRun<S, D>(init.id))!, resumed: false };
  }

  async setRunStatus(runId: string, status: RunStatus) {
    await this.db.updateTable('runs').set({ status, updated_at: now() }).where('id', '=', runId).execute();
  }

  async putRun(run: RunRecord) {
    const row = { id: run.id, created_at: run.createdAt, updated_at: run.updatedAt, status: run.status, settings: JSON.stringify(run.settings), dataset: JSON.stringify(run.dataset) };
    await this.db.insertInto('runs').values(row).onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
  }

  async getRun<S = unknown, D = unknown>(runId: string) {
    const row = await this.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row ? toRun<S, D>(row) : undefined;
  }

  async listRuns() {
    const rows = await this.db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map((r) => toRun(r));
  }

  async putCases(runId: string, cases: readonly CaseRecord[], firstPosition: number) {
    const rows = cases.map((c, i) => ({
      run_id: runId,
      uid: c.uid,
      position: firstPosition + i,
      organ: c.organ,
      question_id: c.questionId,
      ...descriptionColumns(c),
      question: c.question,
      answer_a: c.answerA,
      answer_b: c.answerB,
      labels: JSON.stringify(c.labels),
      image_sha256: c.imageSha256,
      image_mime: c.imageMime,
      image_size: c.imageSize,
    }));
    const upsert = (db: Kysely<Database>, batch: typeof rows) =>
      db
        .insertInto('cases')
        .values(batch)
        .onConflict((oc) =>
          oc
            .columns(['run_id', 'uid'])
            .doUpdateSet((eb) => Object.fromEntries(CASE_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])))
            // A resumed run puts every case again: an unchanged row is left as it is, not rewritten.
            .where((eb) => eb.or(CASE_COLUMNS.map((column) => eb(`cases.${column}`, 'is distinct from', eb.ref(`excluded.${column}`))))),
        );
    await this.upsertAll('put case', rows, 50, upsert);
  }

  async removeCases(runId: string, uids: readonly string[]) {
    for (const batch of chunks(uids)) {
      await this.db.deleteFrom('cases').where('run_id', '=', runId).where('uid', 'in', batch).execute();
      await this.db.deleteFrom('trials').where('run_id', '=', runId).where('case_uid', 'in', batch).execute();
    }
  }

  async runCases(runId: string) {
    // Sorted here, not by the database: nothing indexes the position, and SQLite sorted every case
    // record of the run in memory of its own (16 MB for 20,000 cases) that stayed in the process
    // after it was freed.
    const rows = await this.db.selectFrom('cases').selectAll().where('run_id', '=', runId).execute();
    return rows.sort((a, b) => a.position - b.position).map(toCase);
  }

  async putTrials(runId: string, trials: readonly TrialRecord[]) {
    const rows = trials.map((t) => ({
      run_id: runId,
      case_uid: t.caseUid,
      judge: t.judge,
      prompt_order: t.order,
      sample: t.sample,
      trial_key: t.key,
    }));
    const upsert = (db: Kysely<Database>, batch: typeof rows) =>
      db
        .insertInto('trials')
        .values(batch)
        .onConflict((oc) =>
          oc
            .columns(['run_id', 'case_uid', 'judge', 'prompt_order', 'sample'])
            .doUpdateSet((eb) => ({ trial_key: eb.ref('excluded.trial_key') }))
            .where((eb) => eb('trials.trial_key', 'is distinct from', eb.ref('excluded.trial_key'))),
        );
    await this.upsertAll('put trial', rows, 100, upsert);
  }

  async pruneTrials(runId: string, keep: { judges: readonly string[]; orders: readonly string[]; samples: number }) {
    await this.db
      .deleteFrom('trials')
      .where('run_id', '=', runId)
      .where((eb) =>
        eb.or([eb('judge', 'not in', [...keep.judges]), eb('prompt_order', 'not in', [...keep.orders]), eb('sample', '>=', keep.samples)]),
      )
      .execute();
  }

  async answeredKeys(keys: readonly string[]) {
    const answered = new Set<string>();
    for (const batch of chunks(keys)) {
      const rows = await this.db
        .selectFrom('judgments')
        .select('trial_key')
        .where('trial_key', 'in', batch)
        .where('error', 'is', null)
        .execute();
      for (const row of rows) answered.add(row.trial_key);
    }
    return answered;
  }

  async putJudgments(judgments: readonly JudgmentRecord[], finished?: { runId: string; owner: string }) {
    const rows = judgments.map((j) => ({
      trial_key: j.key,
      judge: j.judge,
      raw_output: j.rawOutput,
      reasoning: j.reasoning,
      input_tokens: j.inputTokens,
      output_tokens: j.outputTokens,
      latency_ms: j.latencyMs,
      attempts: j.attempts,
      error: j.error,
      error_kind: j.errorKind,
      created_at: j.createdAt,
    }));
    // A failed attempt may be replaced by a later answer; an answer is never overwritten.
    const upsert = (db: Kysely<Database>, batch: typeof rows) =>
      db
        .insertInto('judgments')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('trial_key')
            .doUpdateSet((eb) => Object.fromEntries(JUDGMENT_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])))
            .where('judgments.error', 'is not', null),
        );
    const keys = judgments.map((j) => j.key);
    await this.upsertAll(
      'put judgment',
      rows,
      50,
      upsert,
      finished && {
        native: (native) => native.runEach('finish claim', () => finishOne(finished.runId, finished.owner, '').compile(this.db), keys.map((key) => [finished.runId, finished.owner, key])),
        kysely: async (tx) => {
          for (const batch of chunks(keys)) await finishClaims(tx, finished.runId, finished.owner, batch).execute();
        },
      },
    );
  }

  /**
   * Upserts `rows` in one transaction, with `also` written in the same one: on SQLite through one
   * statement for one row, prepared once (as `name`) and run per row; elsewhere through Kysely's
   * inserts of `size` rows each.
   */
  private async upsertAll<R extends Record<string, unknown>>(
    name: string,
    rows: R[],
    size: number,
    upsert: (db: Kysely<Database>, batch: R[]) => { compile(): CompiledQuery; execute(): Promise<unknown> },
    also?: { native(native: NativeSqlite): void; kysely(tx: Kysely<Database>): Promise<void> },
  ): Promise<void> {
    if (this.native) {
      if (rows.length === 0) return;
      return this.onNative((native) =>
        native.transaction(() => {
          native.runEach(name, () => upsert(this.db, rows.slice(0, 1)).compile(), rows.map((r) => Object.values(r)));
          also?.native(native);
        }),
      );
    }
    await this.db.transaction().execute(async (tx) => {
      for (const batch of chunks(rows, size)) await upsert(tx, batch).execute();
      await also?.kysely(tx);
    });
  }

  async runResults(runId: string, scope: TrialScope = {}): Promise<TrialResult[]> {
    const results: TrialResult[] = [];
    for (const query of this.resultQueries(runId, scope)) {
      if (this.native) {
        const rows = await this.onNative((native) => native.arrayRows(query.sql, query.parameters));
        for (const r of rows) results.push(trialResult(r as unknown as TrialResultRow));
      } else {
        for (const r of await this.db.executeQuery(query).then((q) => q.rows)) {
          results.push(
            trialResult([
              r.case_uid, r.judge, r.prompt_order, r.sample, r.trial_key, r.raw_output, r.reasoning, r.input_tokens, r.output_tokens,
              r.latency_ms, r.attempts, r.error, r.error_kind, r.created_at,
            ]),
          );
        }
      }
    }
    return scope.ordered === false ? results : inTrialOrder(results);
  }

  sqliteResultsRead(runId: string, cases?: readonly string[]): SqliteResultsRead | undefined {
    return this.native ? { file: this.location, statements: this.resultQueries(runId, { cases }).map(({ sql, parameters }) => ({ sql, parameters })) } : undefined;
  }

  async resultsDigest(runId: string): Promise<string> {
    const hash = createHash('sha256');
    // In the order of each table's primary key: no sort, and the same order every time.
    const queries = [
      this.db.selectFrom('cases').selectAll().where('run_id', '=', runId).orderBy('uid').compile(),
      this.db
        .selectFrom('trials')
        .leftJoin('judgments', 'judgments.trial_key', 'trials.trial_key')
        .select(['trials.case_uid', 'trials.judge', 'trials.prompt_order', 'trials.sample', 'trials.trial_key', 'judgments.created_at', 'judgments.error_kind', 'judgments.attempts'])
        .where('trials.run_id', '=', runId)
        .orderBy('trials.case_uid')
        .orderBy('trials.judge')
        .orderBy('trials.prompt_order')
        .orderBy('trials.sample')
        .compile(),
    ];
    // As JSON: text of any content, null and numbers stay apart, and so do rows.
    const add = (row: readonly unknown[]) => hash.update(JSON.stringify(row));
    for (const query of queries) {
      // Row by row on SQLite: the case records of a 20,000-case run are tens of MB read at once.
      if (this.native) await this.onNative((native) => native.eachArrayRow(query.sql, query.parameters, add));
      else for (const row of (await this.db.executeQuery(query)).rows) add(Object.values(row as object));
      hash.update('\u0003');
    }
    return hash.digest('hex');
  }

  /** The queries of a run's trials with their judgments, their columns in the order of a `TrialResultRow`. */
  private resultQueries(runId: string, scope: TrialScope) {
    // A long list of cases is read in pieces: databases cap the parameters of one statement.
    const pieces = scope.cases ? chunks(scope.cases, 1000) : [undefined];
    return pieces.map((cases) =>
      // The trial's own key and judge stand for the judgment's: fewer columns, and this query reads
      // every trial of a run.
      this.db
        .selectFrom('trials')
        .leftJoin('judgments', 'judgments.trial_key', 'trials.trial_key')
        .select([
          'trials.case_uid', 'trials.judge', 'trials.prompt_order', 'trials.sample', 'trials.trial_key',
          'judgments.raw_output', 'judgments.reasoning', 'judgments.input_tokens', 'judgments.output_tokens',
          'judgments.latency_ms', 'judgments.attempts', 'judgments.error', 'judgments.error_kind', 'judgments.created_at',
        ])
        .where('trials.run_id', '=', runId)
        .$if(cases !== undefined, (q) => q.where('trials.case_uid', 'in', cases!))
        .compile(),
    );
  }

  async runProgress(runId: string): Promise<RunProgress> {
    const row = await this.db
      .selectFrom('trials')
      .leftJoin('judgments', 'judgments.trial_key', 'trials.trial_key')
      .select((eb) => [
        eb.fn.countAll<number>().as('trials'),
        eb.fn.count<number>('judgments.trial_key').as('judged'),
        eb.fn.count<number>('judgments.error').as('failed'),
      ])
      .where('trials.run_id', '=', runId)
      .executeTakeFirstOrThrow();
    // PostgreSQL returns counts as text (bigint); SQLite as numbers.
    return { trials: Number(row.trials), judged: Number(row.judged), failed: Number(row.failed) };
  }

  async acquireRunLease(runId: string, holder: Omit<LeaseHolder, 'expiresAt'>, ttlMs: number, isAbandoned: (h: LeaseHolder) => boolean) {
    return this.db.transaction().execute(async (tx) => {
      const lease = { run_id: runId, owner: holder.owner, host: holder.host, pid: holder.pid, expires_at: new Date(Date.now() + ttlMs).toISOString() };
      // Taking a free run is one atomic insert; of two processes racing for it, one inserts and the
      // other (on PostgreSQL, after waiting for the first to commit) finds the row taken.
      const inserted = await tx.insertInto('run_leases').values(lease).onConflict((oc) => oc.column('run_id').doNothing()).returning('owner').executeTakeFirst();
      if (inserted) return undefined;
      // A held run: its row is locked while this process decides, so two processes taking over an
      // expired lease decide one after the other, and the second sees the first as the holder.
      const row = await tx
        .selectFrom('run_leases')
        .selectAll()
        .where('run_id', '=', runId)
        .$if(this.dialect === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (row && row.owner !== holder.owner) {
        const current: LeaseHolder = { owner: row.owner, host: row.host, pid: row.pid, expiresAt: row.expires_at };
        if (current.expiresAt > now() && !isAbandoned(current)) return current;
      }
      await tx.insertInto('run_leases').values(lease).onConflict((oc) => oc.column('run_id').doUpdateSet(lease)).execute();
      return undefined;
    });
  }

  async runLease(runId: string) {
    const row = await this.db.selectFrom('run_leases').selectAll().where('run_id', '=', runId).executeTakeFirst();
    return row ? { owner: row.owner, host: row.host, pid: row.pid, expiresAt: row.expires_at } : undefined;
  }

  async renewRunLease(runId: string, owner: string, ttlMs: number) {
    await this.db
      .updateTable('run_leases')
      .set({ expires_at: new Date(Date.now() + ttlMs).toISOString() })
      .where('run_id', '=', runId)
      .where('owner', '=', owner)
      .execute();
  }

  async releaseRunLease(runId: string, owner: string) {
    await this.db.deleteFrom('run_leases').where('run_id', '=', runId).where('owner', '=', owner).execute();
  }

  async claimTrials(runId: string, holder: ClaimHolder, options: { ttlMs: number; caseUids?: readonly string[]; limit?: number }): Promise<TrialRecord[]> {
    const at = now();
    const expires = new Date(Date.now() + options.ttlMs).toISOString();
    const claimed: string[] = [];
    const caseBatches = options.caseUids ? chunks(options.caseUids) : [null];
    for (const uids of caseBatches) {
      const limit = options.limit === undefined ? 1_000_000 : options.limit - claimed.length;
      if (limit <= 0) break;
      // One statement, so it is atomic on both databases: candidates are unanswered trials nobody
      // holds; the upsert takes a key only if it is new or its claim expired unrenewed. On
      // PostgreSQL, concurrent claimers skip each other's locked candidate rows instead of queueing.
      const rows = await this.rows(sql<{ trial_key: string }>`
        with candidates as (
          select t.trial_key from trials t
          where t.run_id = ${runId}
            ${uids ? sql`and t.case_uid in (${sql.join(uids)})` : sql``}
            and not exists (select 1 from judgments j where j.trial_key = t.trial_key and j.error is null)
            and not exists (select 1 from trial_claims c where c.run_id = t.run_id and c.trial_key = t.trial_key and (c.state = 'done' or c.expires_at > ${at}))
          order by t.trial_key
          limit ${limit}
          ${this.dialect === 'postgres' ? sql`for update of t skip locked` : sql``}
        )
        insert into trial_claims (run_id, trial_key, owner, host, pid, state, expires_at)
        select distinct cast(${runId} as text), trial_key, cast(${holder.owner} as text), cast(${holder.host} as text), cast(${holder.pid} as integer), 'claimed', cast(${expires} as text) from candidates where true
        on conflict (run_id, trial_key) do update set owner = excluded.owner, host = excluded.host, pid = excluded.pid, state = 'claimed', expires_at = excluded.expires_at
          where trial_claims.state = 'claimed' and trial_claims.expires_at <= ${at}
        returning trial_key`.compile(this.db));
      claimed.push(...rows.map((r) => r.trial_key));
    }
    if (claimed.length === 0) return [];
    const trials: TrialRecord[] = [];
    for (const batch of chunks(claimed)) {
      // By key alone, the run filtered here: with `run_id = ?` in the statement SQLite walks the
      // run's every trial through its primary key, once per claim, and a run grew quadratically slower.
      // Ordered as the primary key orders them (case by case), as they came when the lookup went through it:
      // a worker sends a claim's trials in that order.
      const rows = await this.rows(
        this.db
          .selectFrom('trials')
          .selectAll()
          .where('trial_key', 'in', batch)
          .orderBy('case_uid')
          .orderBy('judge')
          .orderBy('prompt_order')
          .orderBy('sample')
          .compile(),
      );
      for (const r of rows) {
        if (r.run_id === runId) trials.push({ caseUid: r.case_uid, judge: r.judge, order: r.prompt_order as Order, sample: r.sample, key: r.trial_key });
      }
    }
    return trials;
  }

  async finishClaims(runId: string, owner: string, keys: readonly string[]) {
    for (const batch of chunks(keys)) await finishClaims(this.db, runId, owner, batch).execute();
  }

  async renewClaims(runId: string, owner: string, ttlMs: number) {
    await this.db
      .updateTable('trial_claims')
      .set({ expires_at: new Date(Date.now() + ttlMs).toISOString() })
      .where('run_id', '=', runId)
      .where('owner', '=', owner)
      .where('state', '=', 'claimed')
      .execute();
  }

  async releaseClaims(runId: string, owner: string) {
    await this.db.deleteFrom('trial_claims').where('run_id', '=', runId).where('owner', '=', owner).where('state', '=', 'claimed').execute();
  }

  async resetClaims(runId: string) {
    await this.db
      .deleteFrom('trial_claims')
      .where('run_id', '=', runId)
      .where((eb) => eb.or([eb('state', '=', 'done'), eb('expires_at', '<=', now())]))
      .execute();
  }

  async pendingWork(runId: string, owner: string): Promise<PendingWork> {
    const at = now();
    const row = await sql<{ unanswered: number | string; claimed_by_others: number | string; claimable: number | string; trials: number | string }>`
      select
        (select count(*) from trials where run_id = ${runId}) as trials,
        count(*) as unanswered,
        sum(case when c.state = 'claimed' and c.expires_at > ${at} and c.owner <> ${owner} then 1 else 0 end) as claimed_by_others,
        sum(case when c.trial_key is null or (c.state = 'claimed' and c.expires_at <= ${at}) then 1 else 0 end) as claimable
      from (select distinct trial_key from trials where run_id = ${runId}) t
      left join trial_claims c on c.run_id = ${runId} and c.trial_key = t.trial_key
      where not exists (select 1 from judgments j where j.trial_key = t.trial_key and j.error is null)`.execute(this.db);
    const r = row.rows[0];
    return { unanswered: Number(r?.unanswered ?? 0), claimedByOthers: Number(r?.claimed_by_others ?? 0), claimable: Number(r?.claimable ?? 0), trials: Number(r?.trials ?? 0) };
  }

  async workerClaims(runId: string): Promise<WorkerClaims[]> {
    const rows = await this.db
      .selectFrom('trial_claims')
      .select((eb) => [
        'owner',
        'host',
        'pid',
        eb.fn.sum<number>(sql`case when state = 'claimed' then 1 else 0 end`).as('claimed'),
        eb.fn.sum<number>(sql`case when state = 'done' then 1 else 0 end`).as('done'),
        eb.fn.max(sql<string>`case when state = 'claimed' then expires_at end`).as('expires_at'),
      ])
      .where('run_id', '=', runId)
      .groupBy(['owner', 'host', 'pid'])
      .orderBy('owner')
      .execute();
    return rows.map((r) => ({ owner: r.owner, host: r.host, pid: Number(r.pid), claimed: Number(r.claimed), done: Number(r.done), expiresAt: (r.expires_at as string | null) ?? null }));
  }

  async close() {
    await this.db.destroy();
  }
}
