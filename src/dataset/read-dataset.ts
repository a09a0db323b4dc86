import { dirname } from 'node:path';
import type { Labels } from '../protocol/dimensions.js';
import { caseUid, type Case } from './case.js';
import { questionIdOf } from './question-id.js';
import { caseFromRow, REQUIRED_COLUMNS, rowQuestionId, type RowContext } from './case-row.js';
import { DataError, type DataProblem } from './data-problem.js';
import type { DatasetSource, OrganFiles } from './dataset-source.js';
import { readGroundTruth } from './ground-truth.js';
import { readLabels } from './labels.js';
import { jsonlRows, parquetColumns, parquetRows } from './table-rows.js';

export type DatasetItem =
  | { readonly kind: 'case'; readonly case: Case }
  | { readonly kind: 'problem'; readonly problem: DataProblem };

export interface ReadDatasetOptions {
  /** Only these organ systems; all when absent. */
  readonly organs?: readonly string[];
}

/**
 * Streams the valid cases of a dataset and every problem found on the way, in file order.
 * Only ids and labels are held in memory; images pass through one row group at a time.
 */
export async function* readDataset(source: DatasetSource, options: ReadDatasetOptions = {}): AsyncGenerator<DatasetItem> {
  if (source.kind === 'official') {
    const wanted = organFilter(source, options.organs);
    for (const files of source.organs) {
      if (wanted && !wanted.has(files.organ)) continue;
      yield* readOfficialOrgan(files);
    }
  } else {
    yield* readSingleFile(source.path, source.format, options.organs ? new Set(options.organs) : undefined);
  }
}

function organFilter(source: Extract<DatasetSource, { kind: 'official' }>, organs: readonly string[] | undefined) {
  if (!organs) return undefined;
  const known = new Set(source.organs.map((o) => o.organ));
  const unknown = organs.filter((o) => !known.has(o));
  if (unknown.length > 0) {
    throw new DataError([
      { file: source.path, message: `unknown organ system(s) ${unknown.join(', ')}; this dataset has ${[...known].join(', ')}` },
    ]);
  }
  return new Set(organs);
}

const problem = (p: DataProblem): DatasetItem => ({ kind: 'problem', problem: p });

async function* readOfficialOrgan(files: OrganFiles): AsyncGenerator<DatasetItem> {
  const { organ, groundTruth, parquet } = files;
  if (!groundTruth) {
    yield problem({ file: parquet!, message: `no ground-truth file ${organ}.jsonl beside the parquet folder` });
    yield* everyRowSpoiled(parquet!, organ, `no labels: ${organ}.jsonl is missing`);
    return;
  }
  const truth = await readGroundTruth(groundTruth, organ);
  for (const p of truth.problems) yield problem(p);
  if (!parquet) {
    yield problem({ file: groundTruth, message: `no parquet file parquet/${organ}.parquet for this ground truth` });
    yield* everyLabelSpoiled(groundTruth, organ, truth.entries, 'no parquet file');
    return;
  }
  if (!(yield* columnsPresent(parquet, REQUIRED_COLUMNS))) {
    yield* everyLabelSpoiled(groundTruth, organ, truth.entries, `its parquet file ${parquet} is unusable`);
    return;
  }

  const seen = new Map<string, number>();
  for await (const row of parquetRows(parquet)) {
    if ('error' in row) {
      yield problem({ file: parquet, row: row.row, message: row.error });
      continue;
    }
    const ctx: RowContext = { file: parquet, row: row.row, organ, baseDir: dirname(parquet) };
    yield* itemsOfRow(row.values, ctx, seen, (questionId, uid) => {
      const entry = truth.entries.get(questionId);
      if (entry) return { labels: truth.duplicated.has(questionId) ? undefined : entry.labels, problems: [] };
      const message = `question_id ${questionId} has no labels in ${groundTruth}`;
      return { labels: undefined, problems: [{ file: parquet, row: row.row, field: 'question_id', message, caseUid: uid }] };
    });
  }
  for (const [questionId, entry] of truth.entries) {
    if (!seen.has(caseUid(organ, questionId))) {
      yield problem({ file: groundTruth, row: entry.row, field: 'question_id', message: `question_id ${questionId} has no row in ${parquet}`, caseUid: caseUid(organ, questionId) });
    }
  }
}

// A file-level problem spoils every case of the organ: naming each keeps `--skip-invalid` honest
// about what it leaves out.
function* everyLabelSpoiled(file: string, organ: string, entries: ReadonlyMap<string, { row: number }>, why: string): Generator<DatasetItem> {
  for (const [questionId, entry] of entries) {
    yield problem({ file, row: entry.row, field: 'question_id', message: `question_id ${questionId} cannot be judged: ${why}`, caseUid: caseUid(organ, questionId) });
  }
}

async function* everyRowSpoiled(file: string, organ: string, why: string): AsyncGenerator<DatasetItem> {
  for await (const row of parquetRows(file)) {
    if ('error' in row) return;
    const id = questionIdOf(row.values.question_id);
    if ('questionId' in id) yield problem({ file, row: row.row, field: 'question_id', message: `question_id ${id.questionId} cannot be judged: ${why}`, caseUid: caseUid(organ, id.questionId) });
  }
}

/**
 * The steps every row goes through, whatever the layout: its id, no duplicate of it within the
 * organ, its labels, then the case or every problem found. `seen` maps case ids to their rows.
 */
function* itemsOfRow(
  values: Record<string, unknown>,
  ctx: RowContext,
  seen: Map<string, number>,
  labelsOf: (questionId: string, uid: string) => { labels: Labels | undefined; problems: DataProblem[] },
): Generator<DatasetItem> {
  const id = rowQuestionId(values, ctx);
  if ('problem' in id) {
    yield problem(id.problem);
    return;
  }
  const uid = caseUid(ctx.organ, id.questionId);
  const first = seen.get(uid);
  if (first !== undefined) {
    yield problem({ file: ctx.file, row: ctx.row, field: 'question_id', message: `duplicate question_id ${id.questionId} in ${ctx.organ} (first on row ${first})`, caseUid: uid });
    return;
  }
  seen.set(uid, ctx.row);
  const { labels, problems } = labelsOf(id.questionId, uid);
  for (const p of problems) yield problem(p);
  const result = caseFromRow(values, id.questionId, labels, ctx);
  if ('case' in result) yield { kind: 'case', case: result.case };
  else for (const p of result.problems) yield problem(p);
}

/** Reports every missing column of a parquet file (a file-level problem) and says whether to go on. */
async function* columnsPresent(file: string, required: readonly string[]): AsyncGenerator<DatasetItem, boolean> {
  let columns: string[];
  try {
    columns = await parquetColumns(file);
  } catch (error) {
    yield problem({ file, message: `not a readable parquet file (${(error as Error).message})` });
    return false;
  }
  const missing = required.filter((c) => !columns.includes(c));
  for (const column of missing) yield problem({ file, field: column, message: 'missing column' });
  return missing.length === 0;
}

const FILE_REQUIRED_COLUMNS = [...REQUIRED_COLUMNS, 'human_answer', 'modality_type'] as const;

async function* readSingleFile(file: string, format: 'parquet' | 'jsonl', organs: Set<string> | undefined): AsyncGenerator<DatasetItem> {
  if (format === 'parquet' && !(yield* columnsPresent(file, FILE_REQUIRED_COLUMNS))) return;
  const rows = format === 'parquet' ? parquetRows(file) : jsonlRows(file);
  const seen = new Map<string, number>();
  const organsInFile = new Set<string>();
  for await (const row of rows) {
    if ('error' in row) {
      yield problem({ file, row: row.row, message: row.error });
      continue;
    }
    const organ = row.values.modality_type ?? row.values.organ;
    if (typeof organ !== 'string' || organ.trim() === '') {
      yield problem({ file, row: row.row, field: 'modality_type', message: 'missing organ system' });
      // The row's other problems are still worth reporting now, not one fix at a time.
      const ctx: RowContext = { file, row: row.row, organ: '(no organ)', baseDir: dirname(file) };
      const labels = readLabels(row.values.human_answer);
      const labelProblems = 'problems' in labels ? labels.problems.map((p) => ({ file, row: row.row, ...p })) : [];
      for (const item of itemsOfRow(row.values, ctx, new Map(), () => ({ labels: undefined, problems: labelProblems }))) {
        if (item.kind === 'problem') yield item;
      }
      continue;
    }
    organsInFile.add(organ);
    if (organs && !organs.has(organ)) continue;
    const ctx: RowContext = { file, row: row.row, organ, baseDir: dirname(file) };
    yield* itemsOfRow(row.values, ctx, seen, (_questionId, uid) => {
      const labels = readLabels(row.values.human_answer);
      if ('labels' in labels) return { labels: labels.labels, problems: [] };
      return { labels: undefined, problems: labels.problems.map((p) => ({ file, row: row.row, ...p, caseUid: uid })) };
    });
  }
  const unknown = [...(organs ?? [])].filter((o) => !organsInFile.has(o));
  if (unknown.length > 0) {
    throw new DataError([{ file, message: `unknown organ system(s) ${unknown.join(', ')}; this file has ${[...organsInFile].join(', ')}` }]);
  }
}
