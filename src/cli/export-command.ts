import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../metrics/bootstrap.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { EXPORT_FORMATS, writeExports, type ExportFormat } from '../report/run-exports.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, list } from './options.js';
import { withStoredScore } from './stored-score.js';

function formats(value: string | undefined): ExportFormat[] {
  const wanted = list(value) ?? [...EXPORT_FORMATS];
  const unknown = wanted.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(`--format: expected one or more of ${EXPORT_FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return wanted as ExportFormat[];
}

export function exportCommand(ctx: CommandContext): Command {
  return new Command('export')
    .description('write a stored run as xlsx, csv, jsonl, md or parquet; sends no request')
    .requiredOption('--run <id>', 'run id (see `mrb runs`)')
    .option('--format <list>', `comma-separated: ${EXPORT_FORMATS.join(', ')} (default: all)`)
    .addOption(new Option('--parser <name>', "parser (default: the run's own)").choices(['strict', 'official']))
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED))
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', String(DEFAULT_RESAMPLES))
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .option('--out <dir>', 'where the files go (default ./mrb-out/<run-id>)')
    .addHelpText(
      'after',
      `
Files: xlsx official_table.xlsx (a summary sheet, then one sheet per judge with the official table);
csv and jsonl official_table + summary (one row per judge and dimension); md leaderboard.md;
parquet judgments.parquet (one row per trial: case, organ, judge, order, sample, raw output, verdict,
label, correct and outcome per dimension, tokens, latency, error).`,
    )
    .action(async (raw: { run: string; format?: string; parser?: ParserName; seed: string; resamples: string; store: string; out?: string }) => {
      const wanted = formats(raw.format);
      const written = await withStoredScore(raw, (score) => writeExports(resolve(raw.out ?? `mrb-out/${raw.run}`), score, wanted));
      for (const path of written) ctx.stdout.write(`${path}\n`);
      ctx.exit(EXIT.ok);
    });
}
