import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunScore } from '../metrics/score-run.js';
import { judgmentsJsonl } from './judgments-jsonl.js';
import { officialTableCsv, officialTableJsonl } from './official-table-files.js';
import { summaryJson } from './summary-json.js';

export const OUTPUT_FILES = ['official_table.csv', 'official_table.jsonl', 'summary.json', 'judgments.jsonl'] as const;

/** Writes each file under a temporary name first: a crash mid-write never leaves a half file in place of a good one. */
export function writeRunOutputs(outDir: string, score: RunScore): string[] {
  mkdirSync(outDir, { recursive: true });
  const contents: Record<(typeof OUTPUT_FILES)[number], string> = {
    'official_table.csv': officialTableCsv(score.officialRows),
    'official_table.jsonl': officialTableJsonl(score.officialRows),
    'summary.json': summaryJson(score),
    'judgments.jsonl': judgmentsJsonl(score),
  };
  return OUTPUT_FILES.map((name) => {
    const path = join(outDir, name);
    writeFileSync(`${path}.tmp`, contents[name]);
    renameSync(`${path}.tmp`, path);
    return path;
  });
}
