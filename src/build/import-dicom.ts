import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DataError, type DataProblem } from '../dataset/data-problem.js';
import { jsonlRows } from '../dataset/table-rows.js';
import type { BuildItemWithImage, DeidentificationRecord } from './build-item.js';
import type { BuildStore } from './build-store.js';
import { DEIDENTIFICATION_METHOD, deidentifyDicom, type DeidentifyOptions } from './dicom-deidentify.js';
import { windowPixels } from './dicom-pixels.js';
import type { ImportResult } from './import-table.js';
import { itemFromRow } from './item-row.js';
import { progressCounter, type ProgressListener } from './step-progress.js';

const FILE_FIELDS = ['file', 'dicom', 'image'] as const;

/** A DICOM file de-identified and windowed to PNG, or why it was refused. */
export type DicomImage = { readonly png: Uint8Array; readonly record: DeidentificationRecord } | { readonly refused: string };

export async function dicomToPng(bytes: Uint8Array, options: DeidentifyOptions = {}): Promise<DicomImage> {
  const result = deidentifyDicom(bytes, options);
  if (!result.ok) return { refused: result.reason };
  let windowed;
  try {
    windowed = windowPixels(result.dicom.dataset);
  } catch (error) {
    return { refused: `pixels cannot be read: ${(error as Error).message}` };
  }
  const { default: sharp } = await import('sharp');
  const raw = sharp(Buffer.from(windowed.pixels), { raw: { width: windowed.width, height: windowed.height, channels: windowed.channels } });
  // Without b-w, libvips writes a grey image as RGB: three times the bytes, for nothing.
  const png = await (windowed.channels === 1 ? raw.toColourspace('b-w') : raw).png().toBuffer();
  const { PixelData: _pixels, ...keptHeader } = result.dicom.dataset;
  return {
    png: new Uint8Array(png),
    record: {
      identityRemoved: true,
      method: DEIDENTIFICATION_METHOD,
      removedAttributes: result.dicom.removedAttributes,
      removedPrivateTags: result.dicom.removedPrivateTags,
      keptHeader,
      window: windowed.window,
    },
  };
}

function dicomFilesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) out.push(...dicomFilesUnder(full));
    else if (/\.(dcm|dicom)$/i.test(name)) out.push(full);
  }
  return out;
}

type Checked = { readonly item: BuildItemWithImage } | { readonly problems: DataProblem[] };

async function* checkedQuestions(folder: string, questions: string, options: DeidentifyOptions, used: Set<string>): AsyncGenerator<Checked> {
  const converted = new Map<string, DicomImage>();
  const seen = new Map<string, number>();
  for await (const row of jsonlRows(questions)) {
    if ('error' in row) {
      yield { problems: [{ file: questions, row: row.row, message: row.error }] };
      continue;
    }
    const field = FILE_FIELDS.find((f) => typeof row.values[f] === 'string') ?? 'file';
    const name = row.values[field];
    if (typeof name !== 'string' || name.trim() === '') {
      yield { problems: [{ file: questions, row: row.row, field, message: 'missing: the DICOM file this question is about' }] };
      continue;
    }
    const path = resolve(folder, name);
    if (!existsSync(path)) {
      yield { problems: [{ file: questions, row: row.row, field, message: `DICOM file not found: ${name}` }] };
      continue;
    }
    used.add(path);
    let image = converted.get(path);
    if (!image) {
      image = await dicomToPng(readFileSync(path), options);
      converted.set(path, image);
    }
    if ('refused' in image) {
      yield { problems: [{ file: path, row: row.row, field, message: `refused: ${image.refused}` }] };
      continue;
    }
    const header = image.record.keptHeader;
    const values = {
      ...row.values,
      modality: row.values.modality ?? header.Modality,
      body_part: row.values.body_part ?? header.BodyPartExamined,
      image_id: row.values.image_id ?? name,
    };
    const result = itemFromRow(values, { file: questions, row: row.row, baseDir: folder }, { bytes: image.png, dicom: image.record });
    if ('item' in result) {
      const first = seen.get(result.item.itemId);
      if (first !== undefined) {
        yield { problems: [{ file: questions, row: row.row, field: 'id', message: `duplicate id ${result.item.itemId} (first on row ${first})` }] };
        continue;
      }
      seen.set(result.item.itemId, row.row);
    }
    yield result;
  }
}

export interface DicomImportResult extends ImportResult {
  /** DICOM files in the folder that no question names (not imported). */
  readonly unreferenced: readonly string[];
}

/**
 * Imports questions about DICOM images: `questions` is a JSONL file whose rows name a file in
 * `folder` (`file`), with the question, reference answer and organ system as in a table import.
 * Every file is de-identified and windowed to PNG; only the PNG and a record of what was removed
 * enter the store. A file that cannot be de-identified is refused with its reason.
 */
export async function importDicom(
  store: BuildStore,
  folder: string,
  questions: string,
  options: DeidentifyOptions & { skipInvalid?: boolean; onProgress?: ProgressListener } = {},
): Promise<DicomImportResult> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DataError([{ file: folder, message: 'not a folder of DICOM files' }]);
  if (!existsSync(questions)) throw new DataError([{ file: questions, message: 'no such questions file' }]);
  const problems: DataProblem[] = [];
  let valid = 0;
  const used = new Set<string>();
  for await (const checked of checkedQuestions(folder, questions, options, used)) {
    if ('problems' in checked) problems.push(...checked.problems);
    else valid++;
  }
  if (problems.length > 0 && !options.skipInvalid) throw new DataError(problems, 'nothing was imported; fix these, or pass --skip-invalid to import the others');
  if (valid === 0) throw new DataError([...problems, { file: questions, message: 'no items to import' }]);
  const progress = progressCounter('import dicom', valid, options.onProgress);
  for await (const checked of checkedQuestions(folder, questions, options, new Set())) {
    if ('problems' in checked) continue;
    await store.putItems([checked.item]);
    progress.done();
  }
  const unreferenced = dicomFilesUnder(folder).filter((f) => !used.has(f)).map((f) => relative(folder, f));
  return { imported: valid, skipped: problems, unreferenced };
}
