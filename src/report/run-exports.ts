import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunScore } from '../metrics/score-run.js';
import { replaceFile, writeFileAtomic } from './atomic-file.js';
import { markdownSummary } from './markdown-summary.js';
import { officialWorkbook } from './official-workbook.js';
import { officialTableCsv, officialTableJsonl } from './official-table-files.js';
import { summaryCsv, summaryJsonl, summaryRows } from './summary-rows.js';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'jsonl', 'md', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The files each format writes, named as `mrb run` names them in `--out`. */
export const EXPORT_FILES: Readonly<Record<ExportFormat, readonly string[]>> = {
  xlsx: ['official_table.xlsx'],
  csv: ['official_table.csv', 'summary.csv'],
  jsonl: ['official_table.jsonl', 'summary.jsonl'],
  md: ['leaderboard.md'],
  parquet: ['judgments.parquet'],
};


function leaderboardMarkdown(score: RunScore): string {
  return `# ${score.run.id}\n\nAccuracy in % over ${score.cases.length} cases, orders ${score.run.settings.orders.join('+')}, ${score.parser} parser; 95% bootstrap intervals in brackets.\n\n${markdownSummary(score.statistics)}`;
}

/** Writes the files of the given formats into `outDir`; returns their paths. */
export async function writeExports(outDir: string, score: RunScore, formats: readonly ExportFormat[] = EXPORT_FORMATS): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: string | Uint8Array) => {
    const path = join(outDir, name);
    writeFileAtomic(path, data);
    written.push(path);
  };
  for (const format of new Set(formats)) {
    if (format === 'csv') {
      put('official_table.csv', officialTableCsv(score.officialRows));
      put('summary.csv', summaryCsv(summaryRows(score.statistics)));
    } else if (format === 'jsonl') {
      put('official_table.jsonl', officialTableJsonl(score.officialRows));
      put('summary.jsonl', summaryJsonl(summaryRows(score.statistics)));
    } else if (format === 'md') {
      put('leaderboard.md', leaderboardMarkdown(score));
    } else if (format === 'xlsx') {
      put('official_table.xlsx', officialWorkbook(score));
    } else {
      const { writeJudgmentsParquet } = await import('./judgments-parquet.js');
      const path = join(outDir, 'judgments.parquet');
      await replaceFile(path, (temporary) => writeJudgmentsParquet(temporary, score));
      written.push(path);
    }
  }
  return written;
}
