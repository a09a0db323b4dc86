import { createHash } from 'node:crypto';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import { caseRecord, type CaseRecord } from './case.js';
import type { DataProblem } from './data-problem.js';
import type { DatasetSource } from './dataset-source.js';
import { readDataset, type ReadDatasetOptions } from './read-dataset.js';

export interface DatasetCheck {
  readonly cases: number;
  readonly casesByOrgan: Readonly<Record<string, number>>;
  readonly problems: readonly DataProblem[];
  /** Cases that cannot be judged; `--skip-invalid` leaves them out. `onCase` may have seen some of them. */
  readonly invalidCases: ReadonlySet<string>;
  /** Share of valid cases whose expert label is A, per dimension. */
  readonly labelShareA: Readonly<Record<Dimension, number>>;
  /** Hash of every valid case's content (text, labels, image hash): identifies the data a run used. */
  readonly fingerprint: string;
  /** Valid cases whose image the dataset names by its path: their files are part of the data too. */
  readonly imageFiles: number;
}

/** One full streaming pass: every problem, not only the first, and the valid cases' records. */
export async function checkDataset(
  source: DatasetSource,
  options: ReadDatasetOptions & { onCase?: (record: CaseRecord) => void | Promise<void> } = {},
): Promise<DatasetCheck> {
  const problems: DataProblem[] = [];
  const invalidCases = new Set<string>();
  const casesByOrgan: Record<string, number> = {};
  const countA = Object.fromEntries(DIMENSIONS.map((d) => [d, 0])) as Record<Dimension, number>;
  // Small per-case digests, never records or images: memory grows by a few dozen bytes per case.
  const valid = new Map<string, { organ: string; labelBits: number; digest: string; imageFile: boolean }>();
  for await (const item of readDataset(source, options)) {
    if (item.kind === 'problem') {
      problems.push(item.problem);
      if (item.problem.caseUid) invalidCases.add(item.problem.caseUid);
      continue;
    }
    const record = caseRecord(item.case);
    const labelBits = DIMENSIONS.reduce((bits, d, i) => bits | (record.labels[d] === 'A' ? 1 << i : 0), 0);
    const digest = createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 32);
    valid.set(record.uid, { organ: record.organ, labelBits, digest, imageFile: item.case.image.file !== undefined });
    await options.onCase?.(record);
  }
  // A problem found after a case streamed by (a duplicate of its id further down) still spoils it.
  let cases = 0;
  let imageFiles = 0;
  const fingerprint = createHash('sha256');
  for (const [uid, { organ, labelBits, digest, imageFile }] of valid) {
    if (invalidCases.has(uid)) continue;
    cases++;
    if (imageFile) imageFiles++;
    casesByOrgan[organ] = (casesByOrgan[organ] ?? 0) + 1;
    DIMENSIONS.forEach((d, i) => {
      if (labelBits & (1 << i)) countA[d]++;
    });
    fingerprint.update(digest);
  }
  const labelShareA = Object.fromEntries(DIMENSIONS.map((d) => [d, cases === 0 ? 0 : countA[d] / cases])) as Record<Dimension, number>;
  return { cases, casesByOrgan, problems, invalidCases, labelShareA, fingerprint: fingerprint.digest('hex').slice(0, 16), imageFiles };
}
