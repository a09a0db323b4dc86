import { basename, extname } from 'node:path';
import { readCaseImage } from '../dataset/case-image.js';
import { MAX_IMAGE_BYTES } from '../dataset/case-row.js';
import type { DataProblem } from '../dataset/data-problem.js';
import { ORGANS } from '../dataset/organs.js';
import type { AnswerKind, BuildItemWithImage, DeidentificationRecord } from './build-item.js';

// Several public medical VQA sets name the same thing differently; the first name present wins.
const ALIASES = {
  id: ['id', 'item_id', 'qid', 'question_id'],
  question: ['question'],
  answer: ['answer', 'reference_answer', 'gt_answer'],
  organ: ['organ', 'organ_system', 'modality_type'],
  image: ['image', 'image_path', 'img_path', 'image_file'],
} as const;

const OPTIONAL = [
  ['department', 'department'],
  ['modality', 'modality'],
  ['body_part', 'bodyPart'],
  ['question_type', 'questionType'],
  ['dataset', 'source'],
  ['source', 'source'],
  ['image_id', 'imageId'],
] as const;

const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ItemRowContext {
  readonly file: string;
  readonly row: number;
  readonly baseDir: string;
}

/** An organ system as the official keys spell it: `Lower limb`, `lower-limb` and `LOWER_LIMB` are all `lower_limb`. */
export function organKey(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function pick(values: Record<string, unknown>, names: readonly string[]): [string, unknown] {
  for (const name of names) if (values[name] !== undefined && values[name] !== null) return [name, values[name]];
  return [names[0]!, undefined];
}

const YES_NO = /^(yes|no)$/i;

/**
 * `answer_type` when the row has one; else a question type of `closed` / `open`; else closed when
 * the reference is yes or no. Anything else is open: a grader decides whether a free answer is right.
 */
export function answerKindOf(values: Record<string, unknown>, reference: string): AnswerKind | { problem: string } {
  const declared = values.answer_type ?? values.answer_kind;
  if (declared !== undefined && declared !== null) {
    const text = String(declared).trim().toLowerCase();
    if (text === 'closed' || text === 'open') return text;
    return { problem: `expected closed or open, got ${JSON.stringify(declared)}` };
  }
  const questionType = String(values.question_type ?? '').trim().toLowerCase();
  if (questionType === 'closed' || questionType === 'open') return questionType;
  return YES_NO.test(reference.trim().replace(/[.!]$/, '')) ? 'closed' : 'open';
}

/** One row of an import file as an item, or every problem it has, each naming file, row and field. */
export function itemFromRow(
  values: Record<string, unknown>,
  ctx: ItemRowContext,
  image?: { bytes: Uint8Array; dicom: DeidentificationRecord },
): { item: BuildItemWithImage } | { problems: DataProblem[] } {
  const problems: DataProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ file: ctx.file, row: ctx.row, field, message });
  const text = (names: readonly string[]): string | undefined => {
    const [name, value] = pick(values, names);
    if (value === undefined) return void problem(name, 'missing');
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return void problem(name, `expected text, got ${typeof value}`);
    const s = String(value).trim();
    if (s === '') return void problem(name, 'empty');
    return s;
  };

  const [idField, idValue] = pick(values, ALIASES.id);
  const stem = basename(ctx.file, extname(ctx.file)).replace(/[^A-Za-z0-9._-]/g, '_');
  const itemId = idValue === undefined ? `${stem}-${ctx.row}` : String(idValue).trim();
  if (!ITEM_ID.test(itemId)) problem(idField, `${JSON.stringify(itemId)} is not a usable id (letters, digits, '.', '_', '-'; at most 128)`);

  const question = text(ALIASES.question);
  const reference = text(ALIASES.answer);
  const organText = text(ALIASES.organ);
  let organ: string | undefined;
  if (organText !== undefined) {
    organ = organKey(organText);
    if (!(ORGANS as readonly string[]).includes(organ)) {
      problem(pick(values, ALIASES.organ)[0], `unknown organ system ${JSON.stringify(organText)}; use one of ${ORGANS.join(', ')}`);
    }
  }
  const kind = reference === undefined ? undefined : answerKindOf(values, reference);
  if (kind && typeof kind === 'object') problem('answer_type', kind.problem);

  let picture: { bytes: Uint8Array; mime: BuildItemWithImage['imageMime']; sha256: string } | undefined;
  if (image) {
    const read = readCaseImage(image.bytes, ctx.baseDir);
    if ('problem' in read) problem('file', read.problem);
    else picture = read.image;
  } else {
    const [imageField, imageValue] = pick(values, ALIASES.image);
    const read = readCaseImage(imageValue, ctx.baseDir);
    if ('problem' in read) problem(imageField, read.problem);
    else if (read.image.bytes.length > MAX_IMAGE_BYTES) problem(imageField, `image is ${read.image.bytes.length} bytes; models accept at most ${MAX_IMAGE_BYTES}`);
    else picture = read.image;
  }

  const optional: Record<string, string> = {};
  for (const [column, key] of OPTIONAL) {
    const value = values[column];
    if (value === undefined || value === null || String(value).trim() === '') continue;
    if (typeof value === 'object') problem(column, `expected text, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
    else optional[key] ??= String(value).trim();
  }

  if (problems.length > 0 || !question || !reference || !organ || !picture || !kind || typeof kind === 'object') return { problems };
  return {
    item: {
      itemId,
      organ,
      ...optional,
      answerKind: kind,
      question,
      referenceAnswer: reference,
      image: picture.bytes,
      imageSha256: picture.sha256,
      imageMime: picture.mime,
      provenance: { file: basename(ctx.file), row: ctx.row, ...(image ? { dicom: image.dicom } : {}) },
    },
  };
}
