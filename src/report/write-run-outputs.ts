import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunScore } from '../metrics/score-run.js';
import { replaceFile } from './atomic-file.js';
import { judgmentsJsonlLines } from './judgments-jsonl.js';
import { officialTableCsv, officialTableJsonl } from './official-table-files.js';
import { summaryJson } from './summary-json.js';
import { TextFileWriter } from './text-file-writer.js';

export const OUTPUT_FILES = ['official_table.csv', 'official_table.jsonl', 'summary.json', 'judgments.jsonl'] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];

/** Writes these files (by default all of them) into `outDir`; returns their paths. */
export async function writeRunOutputs(outDir: string, score: RunScore, names: readonly OutputFile[] = OUTPUT_FILES): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const contents: Record<OutputFile, () => Iterable<string> | AsyncIterable<string>> = {
    'official_table.csv': () => [officialTableCsv(score.officialRows)],
    'official_table.jsonl': () => [officialTableJsonl(score.officialRows)],
    'summary.json': () => [summaryJson(score)],
    'judgments.jsonl': () => judgmentsJsonlLines(score),
  };
  const written: string[] = [];
  for (const name of names) {
    const path = join(outDir, name);
    await replaceFile(path, async (temporary) => {
      const file = new TextFileWriter(temporary);
      try {
        for await (const piece of contents[name]()) file.write(piece);
      } finally {
        file.close();
      }
    });
    written.push(path);
  }
  return written;
}
