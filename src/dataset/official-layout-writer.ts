import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { Labels } from '../protocol/dimensions.js';

/** One case as the official files hold it. Fields are loose on purpose: tests write broken data with it. */
export interface LayoutRow {
  readonly organ: string;
  readonly questionId: number | string;
  readonly question: string;
  readonly answer1: string;
  readonly answer2: string;
  readonly image: Uint8Array | null;
  readonly imagePath?: string;
  readonly labels: Labels | Record<string, unknown>;
  readonly department?: string;
  readonly bodyPart?: string;
  readonly questionType?: string;
  readonly source?: string;
  readonly imageId?: string;
}

export interface LayoutOptions {
  /** Rows per parquet row group (the Hugging Face `datasets` library writes 100 for images). */
  readonly rowGroupSize?: number;
  /** Columns to leave out, to make deliberately broken files. */
  readonly omitColumns?: readonly string[];
}

const text = (name: string): SchemaElement => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

/** Writes `<root>/pair_gt_all/<organ>.jsonl` and `<root>/pair_gt_all/parquet/<organ>.parquet`. */
export function writeOfficialLayout(root: string, rows: readonly LayoutRow[], options: LayoutOptions = {}): void {
  const dir = join(root, 'pair_gt_all');
  mkdirSync(join(dir, 'parquet'), { recursive: true });
  const byOrgan = new Map<string, LayoutRow[]>();
  for (const row of rows) byOrgan.set(row.organ, [...(byOrgan.get(row.organ) ?? []), row]);
  for (const [organ, organRows] of byOrgan) {
    const truth = organRows.map((r) => JSON.stringify({ question_id: r.questionId, human_answer: r.labels }));
    writeFileSync(join(dir, `${organ}.jsonl`), truth.join('\n') + '\n');
    writeLayoutParquet(join(dir, 'parquet', `${organ}.parquet`), organRows, options);
  }
}

export function writeLayoutParquet(path: string, rows: readonly LayoutRow[], options: LayoutOptions = {}): void {
  const integerIds = rows.every((r) => typeof r.questionId === 'number');
  const columns: Array<[SchemaElement[], unknown[]]> = [
    [
      [
        { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        text('path'),
      ],
      rows.map((r) => ({ bytes: r.image, path: r.imagePath ?? null })),
    ],
    [[text('question')], rows.map((r) => r.question)],
    [[text('answer1_text')], rows.map((r) => r.answer1)],
    [[text('answer2_text')], rows.map((r) => r.answer2)],
    [
      [integerIds ? { name: 'question_id', type: 'INT64', repetition_type: 'OPTIONAL' } : text('question_id')],
      rows.map((r) => (integerIds ? BigInt(r.questionId) : String(r.questionId))),
    ],
    [[text('modality_type')], rows.map((r) => r.organ)],
    [[text('body_part')], rows.map((r) => r.bodyPart ?? null)],
    [[text('dataset')], rows.map((r) => r.source ?? null)],
    [[text('question_type')], rows.map((r) => r.questionType ?? null)],
    [[text('image_id')], rows.map((r) => r.imageId ?? null)],
    [[text('department')], rows.map((r) => r.department ?? null)],
  ];
  const kept = columns.filter(([schema]) => !options.omitColumns?.includes(schema[0]!.name));
  parquetWriteFile({
    filename: path,
    columnData: kept.map(([schema, data]) => ({ name: schema[0]!.name, data: data as never })),
    schema: [{ name: 'root', num_children: kept.length }, ...kept.flatMap(([schema]) => schema)],
    rowGroupSize: options.rowGroupSize ?? 100,
  });
}
