import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../metrics/bootstrap.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { markdownSummary } from '../report/markdown-summary.js';
import { writeRunOutputs } from '../report/write-run-outputs.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore } from './options.js';
import { withStoredScore } from './stored-score.js';

export function scoreCommand(ctx: CommandContext): Command {
  return new Command('score')
    .description('re-score a stored run from its raw outputs, e.g. with the other parser; sends no request')
    .requiredOption('--run <id>', 'run id (see `mrb runs`)')
    .addOption(new Option('--parser <name>', "parser (default: the run's own)").choices(['strict', 'official']))
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED))
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', String(DEFAULT_RESAMPLES))
    .option('--group-intervals', 'intervals of the figures beyond accuracy for each organ system, department and question type too, in summary.json (about ten times their work)', false)
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .option('--out <dir>', 'where result files go (default ./mrb-out/<run-id>/<parser>)')
    .action(async (raw: { run: string; parser?: ParserName; seed: string; resamples: string; groupIntervals: boolean; store: string; out?: string }) => {
      await withStoredScore(raw, async (score) => {
        const outDir = resolve(raw.out ?? `mrb-out/${raw.run}/${score.parser}`);
        await writeRunOutputs(outDir, score);
        ctx.stdout.write(markdownSummary(score.statistics));
        ctx.stderr.write(`scored ${raw.run} with the ${score.parser} parser; results in ${outDir}\n`);
      });
      ctx.exit(EXIT.ok);
    });
}
