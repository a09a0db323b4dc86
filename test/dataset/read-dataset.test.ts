import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { readDataset } from '../../src/dataset/read-dataset.js';
import { checkDataset } from '../../src/dataset/validate-dataset.js';
import { ORGANS } from '../../src/dataset/organs.js';
import { phantomPng } from '../../src/dataset/phantom-image.js';
import { allLabels, tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';

const SAMPLE = fileURLToPath(new URL('../../data/sample', import.meta.url));

async function cases(path: string, organs?: string[]) {
  const out = [];
  for await (const item of readDataset(resolveDatasetSource(path), organs ? { organs } : {})) {
    if (item.kind === 'case') out.push(item.case);
    else throw new Error(`unexpected problem: ${item.problem.message}`);
  }
  return out;
}

describe('the bundled sample', () => {
  it('covers all 13 organ systems with at least 2 valid cases each, with departments', async () => {
    const check = await checkDataset(resolveDatasetSource(SAMPLE));
    expect(check.problems).toEqual([]);
    for (const organ of ORGANS) expect(check.casesByOrgan[organ]).toBeGreaterThanOrEqual(2);
    const all = await cases(SAMPLE);
    expect(new Set(all.map((c) => c.department)).size).toBe(8);
    expect(all.every((c) => c.imageMime === 'image/png')).toBe(true);
  });
});

describe('--data accepts', () => {
  const { root, rows } = writeFixtureDataset({ brain: 2, eye: 3 });

  it('the dataset root, its pair_gt_all folder, and filters by organ', async () => {
    expect(await cases(root)).toHaveLength(rows.length);
    expect(await cases(join(root, 'pair_gt_all'))).toHaveLength(rows.length);
    const eyes = await cases(root, ['eye']);
    expect(eyes.map((c) => c.uid)).toEqual(['eye/1', 'eye/2', 'eye/3']);
    expect(eyes[0]!.answerA).toBe(rows[2]!.answer1);
    expect(eyes[0]!.labels).toEqual(rows[2]!.labels);
  });

  it('an unknown organ is an error naming what the dataset has', async () => {
    await expect(cases(root, ['kidney'])).rejects.toThrow(/unknown organ system\(s\) kidney; this dataset has brain, eye/);
  });

  it('one JSONL file with inline labels and images as base64, data URLs or relative paths', async () => {
    const dir = tempDir();
    const png = phantomPng('chest', { size: 32 });
    mkdirSync(join(dir, 'images'));
    writeFileSync(join(dir, 'images', 'x.png'), png);
    const base = { question: 'Q?', answer1_text: 'one', answer2_text: 'two', modality_type: 'chest', human_answer: allLabels('B') };
    const lines = [
      { ...base, question_id: 1, image: Buffer.from(png).toString('base64') },
      { ...base, question_id: '2', image: `data:image/png;base64,${Buffer.from(png).toString('base64')}` },
      { ...base, question_id: 3, image: 'images/x.png' },
      { ...base, question_id: 4, image: { bytes: null, path: 'images/x.png' } },
    ];
    writeFileSync(join(dir, 'cases.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const read = await cases(join(dir, 'cases.jsonl'));
    expect(read.map((c) => c.questionId)).toEqual(['1', '2', '3', '4']);
    expect(new Set(read.map((c) => c.imageSha256)).size).toBe(1);
    expect(read[0]!.labels.overall).toBe('B');
    // Images named by path are files of the dataset too: a run stamps them or reads the dataset each time.
    expect(read.map((c) => c.image.file)).toEqual([undefined, undefined, join(dir, 'images', 'x.png'), join(dir, 'images', 'x.png')]);
    expect((await checkDataset(resolveDatasetSource(join(dir, 'cases.jsonl')))).imageFiles).toBe(2);
    expect((await checkDataset(resolveDatasetSource(root))).imageFiles).toBe(0);
  });

  it('one parquet file with labels inline as JSON text and string ids', async () => {
    const dir = tempDir();
    const png = phantomPng('heart', { size: 32 });
    const text = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const });
    parquetWriteFile({
      filename: join(dir, 'cases.parquet'),
      columnData: [
        { name: 'image', data: [{ bytes: png, path: null }] },
        { name: 'question', data: ['Is the heart enlarged?'] },
        { name: 'answer1_text', data: ['Yes.'] },
        { name: 'answer2_text', data: ['No, the cardiothoracic ratio is normal.'] },
        { name: 'question_id', data: ['h-1'] },
        { name: 'modality_type', data: ['heart'] },
        { name: 'human_answer', data: [JSON.stringify(allLabels('B'))] },
      ],
      schema: [
        { name: 'root', num_children: 7 },
        { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        text('path'),
        ...['question', 'answer1_text', 'answer2_text', 'question_id', 'modality_type', 'human_answer'].map(text),
      ],
    });
    const [only] = await cases(join(dir, 'cases.parquet'));
    expect(only!.uid).toBe('heart/h-1');
    expect(only!.image.bytes).toEqual(png);
  });
});

describe('streaming', () => {
  it('reads a parquet file one row group at a time', async () => {
    const { root } = writeFixtureDataset({ foot: 25 }, { rowGroupSize: 4 });
    const read = await cases(root);
    expect(read.map((c) => c.questionId)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
  });
});
