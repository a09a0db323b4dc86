import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { openBuildStore } from '../../src/build/build-store.js';
import { deidentifyDicom } from '../../src/build/dicom-deidentify.js';
import { windowLevel } from '../../src/build/dicom-pixels.js';
import { dicomToPng, importDicom } from '../../src/build/import-dicom.js';
import { DataError } from '../../src/dataset/data-problem.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { dicomBytes, IDENTITY, writeDicom } from './dicom-fixture.js';

const identifyingStrings = ['Doe', 'Johnathan', 'MRN-884211', '19580214', '20240117', 'Saint Elsewhere', 'Westphall', 'ACC99812', '555-0199', 'private note'];

describe('DICOM de-identification', () => {
  it('removes names, ids, dates, institution, comments, descriptions and private tags, and records it', () => {
    const result = deidentifyDicom(dicomBytes());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { dataset, removedAttributes, removedPrivateTags } = result.dicom;
    for (const key of Object.keys(IDENTITY)) {
      expect(dataset).not.toHaveProperty(key);
      expect(removedAttributes).toContain(key);
    }
    expect(dataset).not.toHaveProperty('StudyInstanceUID');
    expect(dataset).not.toHaveProperty('SOPInstanceUID');
    expect(removedPrivateTags).toBe(2);
    expect(Object.keys(dataset).filter((k) => /^[0-9A-F]{8}$/i.test(k))).toEqual([]);
    expect(dataset.PatientIdentityRemoved).toBe('YES');
    expect(String(dataset.DeidentificationMethod)).toMatch(/allowlist/);
    const text = JSON.stringify({ ...dataset, PixelData: undefined });
    for (const s of identifyingStrings) expect(text).not.toContain(s);
    expect(dataset.Modality).toBe('CT');
    expect(dataset.BodyPartExamined).toBe('CHEST');
  });

  it('keeps the pixels: the PNG holds the windowed stored values', async () => {
    const values = Uint16Array.from({ length: 80 }, (_, i) => i * 25);
    const image = await dicomToPng(dicomBytes({ values }));
    expect('png' in image).toBe(true);
    if (!('png' in image)) return;
    expect((await sharp(image.png).metadata()).channels).toBe(1);
    const { data, info } = await sharp(image.png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([10, 8]);
    // Rescale intercept -1000, window -200/1200: stored 0 -> -1000 HU (black), 1975 -> 975 HU (white).
    const expected = Array.from(values, (v) => windowLevel(v - 1000, -200, 1200));
    expect([...data]).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(40);
    expect(data[0]).toBe(0);
    expect(data[79]).toBe(255);
    expect(image.record.window).toEqual({ center: -200, width: 1200, from: 'header' });
  });

  it('refuses what cannot be de-identified, with the reason', () => {
    const refuse = (extra: Record<string, unknown>, transferSyntax?: string) => {
      const r = deidentifyDicom(dicomBytes({ extra, ...(transferSyntax ? { transferSyntax } : {}) }));
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.reason;
    };
    expect(refuse({ BurnedInAnnotation: 'YES' })).toMatch(/BurnedInAnnotation is YES/);
    expect(refuse({ Modality: 'US' })).toMatch(/US images often carry patient details.*--assume-no-burned-in-text/);
    expect(deidentifyDicom(dicomBytes({ extra: { Modality: 'US', BurnedInAnnotation: 'NO' } })).ok).toBe(true);
    expect(deidentifyDicom(dicomBytes({ extra: { Modality: 'US' } }), { assumeNoBurnedInText: true }).ok).toBe(true);
    const leak = refuse({ BodyPartExamined: 'JOHNATHAN' });
    expect(leak).toBe('the value of PatientName appears in BodyPartExamined, which would be kept');
    expect(refuse({}, '1.2.840.10008.1.2.4.50')).toMatch(/transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50.*decompress/);
    const notDicom = deidentifyDicom(new TextEncoder().encode('hello, not an image'));
    expect(notDicom.ok).toBe(false);
  });
});

describe('mrb build import-dicom (library)', () => {
  it('stores only de-identified PNGs; a refused file stops the import and names file, row and reason', async () => {
    const dir = tempDir('mrb-dicom-');
    const folder = join(dir, 'dicom');
    mkdirSync(join(folder, 'series1'), { recursive: true });
    writeDicom(join(folder, 'series1', 'a.dcm'));
    writeDicom(join(folder, 'b.dcm'), { values: Uint16Array.from({ length: 80 }, (_, i) => 2000 - i * 20) });
    writeDicom(join(folder, 'burned.dcm'), { extra: { BurnedInAnnotation: 'YES' } });
    writeDicom(join(folder, 'unused.dcm'));
    const questions = join(dir, 'questions.jsonl');
    const rows = [
      { id: 'ct-1', file: 'series1/a.dcm', question: 'Is there a pleural effusion?', answer: 'no', organ: 'chest', department: 'radiology' },
      { id: 'ct-2', file: 'b.dcm', question: 'Which lobe holds the nodule?', answer: 'right upper lobe', organ: 'Lung', department: 'radiology' },
      { id: 'ct-3', file: 'burned.dcm', question: 'Any fracture?', answer: 'no', organ: 'chest' },
    ];
    writeFileSync(questions, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const storePath = join(dir, 'build.sqlite');
    const store = await openBuildStore(storePath);
    try {
      const error = await importDicom(store, folder, questions).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      const problems = (error as DataError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: join(folder, 'burned.dcm'), row: 3, field: 'file' });
      expect(problems[0]!.message).toMatch(/^refused: BurnedInAnnotation is YES/);
      expect(await store.items()).toEqual([]);

      const result = await importDicom(store, folder, questions, { skipInvalid: true });
      expect(result.imported).toBe(2);
      expect(result.unreferenced).toEqual(['unused.dcm']);
      const items = await store.items();
      expect(items.map((i) => [i.itemId, i.organ, i.modality, i.bodyPart, i.answerKind])).toEqual([
        ['ct-1', 'chest', 'CT', 'CHEST', 'closed'],
        ['ct-2', 'lung', 'CT', 'CHEST', 'open'],
      ]);
      expect(items[0]!.provenance.dicom).toMatchObject({ identityRemoved: true, removedPrivateTags: 2 });
      expect(items[0]!.provenance.dicom!.removedAttributes).toContain('PatientName');
      const image = await store.itemImage('ct-1');
      expect(image!.mime).toBe('image/png');
      expect((await sharp(image!.bytes).metadata()).width).toBe(10);
    } finally {
      await store.close();
    }
    // Nothing identifying reached the store file (or its write-ahead log).
    for (const name of readdirSync(dir).filter((n) => n.startsWith('build.sqlite'))) {
      const bytes = readFileSync(join(dir, name)).toString('latin1');
      for (const s of identifyingStrings) expect(bytes, `${name} holds ${s}`).not.toContain(s);
    }
  });
});

describe('mrb build import-dicom (command)', () => {
  it('names the refused file, its question row and the reason, exits 2, and imports with --assume-no-burned-in-text when told', async () => {
    const dir = tempDir('mrb-dicom-cli-');
    const folder = join(dir, 'dicom');
    mkdirSync(folder);
    writeDicom(join(folder, 'us.dcm'), { extra: { Modality: 'US' } });
    const questions = join(dir, 'q.jsonl');
    writeFileSync(questions, JSON.stringify({ file: 'us.dcm', question: 'Is there free fluid?', answer: 'no', organ: 'abdomen' }) + '\n');
    const store = join(dir, 'b.sqlite');
    const refused = await runCli(['build', 'import-dicom', folder, '--questions', questions, '--store', store]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(folder, 'us.dcm')}: row 1: field 'file': refused: US images often carry patient details in the pixels`);
    const accepted = await runCli(['build', 'import-dicom', folder, '--questions', questions, '--store', store, '--assume-no-burned-in-text']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('imported 1 item(s), de-identified');
  });
});
