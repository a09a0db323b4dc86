import type { Labels } from '../protocol/dimensions.js';
import { caseUid, type Case } from './case.js';
import { readCaseImage } from './case-image.js';
import type { DataProblem } from './data-problem.js';
import { questionIdOf } from './question-id.js';

/** OpenAI's per-image limit; other APIs accept less, but no API takes more. */
export const MAX_IMAGE_BYTES = 20_000_000;

export const REQUIRED_COLUMNS = ['image', 'question', 'answer1_text', 'answer2_text', 'question_id'] as const;

const TEXT_COLUMNS = [
  ['question', 'question'],
  ['answer1_text', 'answerA'],
  ['answer2_text', 'answerB'],
] as const;

const OPTIONAL_COLUMNS = [
  ['department', 'department'],
  ['modality', 'modality'],
  ['body_part', 'bodyPart'],
  ['question_type', 'questionType'],
  ['dataset', 'source'],
  ['image_id', 'imageId'],
] as const;

export interface RowContext {
  readonly file: string;
  readonly row: number;
  readonly organ: string;
  /** Folder that relative image paths are resolved against. */
  readonly baseDir: string;
}

export type RowResult = { readonly case: Case } | { readonly problems: DataProblem[]; readonly caseUid?: string };

/** Reads the id of a row first, so that every other problem can name the case it spoils. */
export function rowQuestionId(values: Record<string, unknown>, ctx: RowContext): { questionId: string } | { problem: DataProblem } {
  const id = questionIdOf(values.question_id);
  if ('problem' in id) return { problem: { file: ctx.file, row: ctx.row, field: 'question_id', message: id.problem } };
  return id;
}

/** A row with its labels becomes a case; otherwise every problem of the row is reported at once. */
export function caseFromRow(
  values: Record<string, unknown>,
  questionId: string,
  labels: Labels | undefined,
  ctx: RowContext,
): RowResult {
  const uid = caseUid(ctx.organ, questionId);
  const problems: DataProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file: ctx.file, row: ctx.row, field, message, caseUid: uid });

  const text: Partial<Record<'question' | 'answerA' | 'answerB', string>> = {};
  for (const [column, key] of TEXT_COLUMNS) {
    const value = values[column];
    if (value === undefined || value === null) problem(column, 'missing');
    else if (typeof value !== 'string') problem(column, `expected text, got ${typeof value}`);
    else if (value.trim() === '') problem(column, 'empty');
    // Parquet readers decode invalid UTF-8 into U+FFFD rather than fail; such text was damaged.
    else if (value.includes('\ufffd')) problem(column, 'not valid UTF-8 text (contains U+FFFD)');
    else text[key] = value;
  }
  const image = readCaseImage(values.image, ctx.baseDir);
  if ('problem' in image) problem('image', image.problem);
  else if (image.image.bytes.length > MAX_IMAGE_BYTES) {
    problem('image', `image is ${(image.image.bytes.length / 1e6).toFixed(1)} MB, over the ${MAX_IMAGE_BYTES / 1e6} MB that model APIs accept`);
  }
  if (problems.length > 0 || !labels || 'problem' in image) return { problems, caseUid: uid };

  const optional: Record<string, string> = {};
  for (const [column, key] of OPTIONAL_COLUMNS) {
    const value = values[column];
    if (value !== undefined && value !== null && String(value).trim() !== '') optional[key] = String(value);
  }
  return {
    case: {
      uid,
      organ: ctx.organ,
      questionId,
      ...optional,
      question: text.question!,
      answerA: text.answerA!,
      answerB: text.answerB!,
      labels,
      image: image.image,
      imageSha256: image.image.sha256,
      imageMime: image.image.mime,
      imageSize: image.image.bytes.length,
    },
  };
}
