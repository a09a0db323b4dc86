import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { openBuildStore } from '../../src/build/build-store.js';
import { importTable } from '../../src/build/import-table.js';
import { phantomPng } from '../../src/dataset/phantom-image.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

describe('mrb build import', () => {
  it('reads CSV with quoted commas, quotes and line breaks, images as paths', async () => {
    const dir = tempDir('mrb-import-');
    writeFileSync(join(dir, 'a.png'), phantomPng('chest', { seed: 1, size: 32 }));
    writeFileSync(join(dir, 'b.png'), phantomPng('brain', { seed: 2, size: 32 }));
    const csv = [
      'id,image,question,answer,organ,department,question_type',
      'q1,a.png,"Is there an effusion, left or right?",yes,Chest,radiology,closed',
      'q2,b.png,"Describe the ""ring"" lesion:\nwhere is it?",right parietal lobe,brain,neurology,',
    ].join('\r\n');
    writeFileSync(join(dir, 'items.csv'), csv);
    const store = await openBuildStore(join(dir, 'b.sqlite'));
    try {
      expect((await importTable(store, join(dir, 'items.csv'))).imported).toBe(2);
      const items = await store.items();
      expect(items.map((i) => [i.itemId, i.organ, i.answerKind, i.department])).toEqual([
        ['q1', 'chest', 'closed', 'radiology'],
        ['q2', 'brain', 'open', 'neurology'],
      ]);
      expect(items[0]!.question).toBe('Is there an effusion, left or right?');
      expect(items[1]!.question).toBe('Describe the "ring" lesion:\nwhere is it?');
      expect(items[1]!.provenance).toEqual({ file: 'items.csv', row: 3 });
    } finally {
      await store.close();
    }
  });

  it('reads parquet with the Hugging Face image struct', async () => {
    const dir = tempDir('mrb-import-');
    const text = (name: string) => ({ name, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const, repetition_type: 'OPTIONAL' as const });
    parquetWriteFile({
      filename: join(dir, 'items.parquet'),
      columnData: [
        { name: 'image', data: [{ bytes: phantomPng('lung', { seed: 3, size: 32 }), path: 'x.png' }] as never },
        { name: 'question', data: ['Is the nodule calcified?'] },
        { name: 'answer', data: ['no'] },
        { name: 'organ', data: ['lung'] },
      ],
      schema: [
        { name: 'root', num_children: 4 },
        { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
        { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
        text('path'),
        text('question'),
        text('answer'),
        text('organ'),
      ],
    });
    const store = await openBuildStore(join(dir, 'b.sqlite'));
    try {
      expect((await importTable(store, join(dir, 'items.parquet'))).imported).toBe(1);
      const [item] = await store.items();
      expect(item).toMatchObject({ itemId: 'items-1', organ: 'lung', answerKind: 'closed', imageMime: 'image/png' });
    } finally {
      await store.close();
    }
  });

  it('refuses a file with bad rows, naming file, row and field, and leaves the store as it was', async () => {
    const dir = tempDir('mrb-import-');
    writeFileSync(join(dir, 'ok.png'), phantomPng('chest', { seed: 1, size: 32 }));
    writeFileSync(join(dir, 'broken.png'), phantomPng('chest', { seed: 1, size: 32 }).subarray(0, 40));
    const rows = [
      { id: 'a', image: 'ok.png', question: 'Q?', answer: 'yes', organ: 'chest' },
      { id: 'b', image: 'ok.png', question: 'Q?', answer: 'yes', organ: 'kidney' },
      { id: 'c', image: 'missing.png', question: 'Q?', organ: 'chest' },
      { id: 'd', image: 'broken.png', question: ' ', answer: 'no', organ: 'chest' },
      { id: 'a', image: 'ok.png', question: 'Q?', answer: 'no', organ: 'chest' },
      { id: 'bad id/1', image: 'ok.png', question: 'Q?', answer: 'no', organ: 'chest' },
    ];
    const file = join(dir, 'items.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n{not json\n');
    const store = join(dir, 'b.sqlite');
    const r = await runCli(['build', 'import', file, '--store', store]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain(`${file}: row 2: field 'organ': unknown organ system "kidney"; use one of abdomen, brain, breast, chest, eye, foot, gastrointestinal_tract, heart, lower_limb, lung, oral_cavity, pelvic_cavity, upper_limb`);
    expect(lines).toContain(`${file}: row 3: field 'answer': missing`);
    expect(lines).toContain(`${file}: row 3: field 'image': image file not found: missing.png`);
    expect(lines).toContain(`${file}: row 4: field 'question': empty`);
    expect(lines.some((l) => l.startsWith(`${file}: row 4: field 'image': PNG is truncated`))).toBe(true);
    expect(lines).toContain(`${file}: row 5: field 'id': duplicate id a (first on row 1)`);
    expect(lines.some((l) => l.startsWith(`${file}: row 6: field 'id': "bad id/1" is not a usable id`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${file}: row 7: not valid JSON`))).toBe(true);
    expect(lines.at(-1)).toMatch(/^error: 8 data problem\(s\); fix these rows, or pass --skip-invalid/);
    const s = await openBuildStore(store);
    expect(await s.items()).toEqual([]);
    await s.close();
    const skipped = await runCli(['build', 'import', file, '--store', store, '--skip-invalid']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('imported 1 item(s)');
  });
});
