import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RunScore } from '../metrics/score-run.js';
import { replaceFile } from './atomic-file.js';
import { judgmentsJsonlLines } from './judgments-jsonl.js';
import { officialTableCsv, officialTableJsonl } from './official-table-files.js';
import { summaryJson } from './summary-json.js';

export const OUTPUT_FILES = ['official_table.csv', 'official_table.jsonl', 'summary.json', 'judgments.jsonl'] as const;

export async function writeRunOutputs(outDir: string, score: RunScore): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const contents: Record<(typeof OUTPUT_FILES)[number], () => Iterable<string> | AsyncIterable<string>> = {
    'official_table.csv': () => [officialTableCsv(score.officialRows)],
    'official_table.jsonl': () => [officialTableJsonl(score.officialRows)],
    'summary.json': () => [summaryJson(score)],
    'judgments.jsonl': () => judgmentsJsonlLines(score),
  };
  const written: string[] = [];
  for (const name of OUTPUT_FILES) {
    const path = join(outDir, name);
    await replaceFile(path, async (temporary) => {
      const fd = openSync(temporary, 'w');
      try {
        let buffered: string[] = [];
        for await (const piece of contents[name]()) {
          buffered.push(piece);
          if (buffered.length >= 1000) {
            writeSync(fd, buffered.join(''));
            buffered = [];
          }
        }
        writeSync(fd, buffered.join(''));
      } finally {
        closeSync(fd);
      }
    });
    written.push(path);
  }
  return written;
}
