import { Command, Option } from 'commander';
import { dirname, resolve } from 'node:path';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../metrics/bootstrap.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { writeHtmlReport } from '../report/write-html-report.js';
import { openStore } from '../store/open-store.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, flag, integer, positiveInt } from './options.js';

export function reportCommand(ctx: CommandContext): Command {
  return new Command('report')
    .description('write a self-contained HTML report (charts included, opens offline) of a run or of chosen judges')
    .option('--run <id>', 'every judge of this run (see `mrb runs`)')
    .option('--judges <refs...>', 'judges to compare, each <run-id>:<judge>, a run id, or a judge spec (its latest run); same dataset')
    .addOption(new Option('--parser <name>', "parser (default: each run's own)").choices(['strict', 'official']))
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED))
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', String(DEFAULT_RESAMPLES))
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .option('--out <file>', 'the HTML file to write (default ./mrb-out/<run-id>/report.html, or ./mrb-out/report.html for --judges)')
    .action(async (raw: { run?: string; judges?: string[]; parser?: ParserName; seed: string; resamples: string; store: string; out?: string }) => {
      if (!raw.run === !raw.judges) throw new UsageError('name either --run <id> or --judges <ref...>');
      const out = resolve(raw.out ?? (raw.run ? `mrb-out/${raw.run}/report.html` : 'mrb-out/report.html'));
      const store = await openStore(raw.store, { mustExist: true });
      try {
        const path = await writeHtmlReport(store, raw.run ? { run: raw.run } : { judges: raw.judges! }, out, {
          ...(raw.parser ? { parser: raw.parser } : {}),
          seed: flag('--seed', integer, raw.seed),
          resamples: flag('--resamples', positiveInt, raw.resamples),
        });
        ctx.stdout.write(`${path}\n`);
        ctx.stderr.write(`report written; open it in any browser (it loads nothing from the network): ${dirname(path)}\n`);
        ctx.exit(EXIT.ok);
      } finally {
        await store.close();
      }
    });
}
