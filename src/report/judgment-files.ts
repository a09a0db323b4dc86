import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunScore } from '../metrics/score-run.js';
import { replaceFile } from './atomic-file.js';
import { judgmentJsonlLine } from './judgments-jsonl.js';
import { writeJudgmentsParquet } from './judgments-parquet.js';
import { TextFileWriter } from './text-file-writer.js';

export const JUDGMENT_FILES = ['judgments.jsonl', 'judgments.parquet'] as const;

/**
 * judgments.jsonl and judgments.parquet in one pass over the run's trials: reading every trial from
 * the store and parsing every output is most of the work of either file.
 */
export async function writeJudgmentFiles(outDir: string, score: RunScore): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const [jsonl, parquet] = JUDGMENT_FILES.map((name) => join(outDir, name)) as [string, string];
  await replaceFile(jsonl, async (jsonlTemporary) => {
    const lines = new TextFileWriter(jsonlTemporary);
    try {
      await replaceFile(parquet, (parquetTemporary) => writeJudgmentsParquet(parquetTemporary, score, (trial) => lines.write(judgmentJsonlLine(trial))));
    } finally {
      lines.close();
    }
  });
  return [jsonl, parquet];
}
