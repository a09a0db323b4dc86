import { Command, Option } from 'commander';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../metrics/bootstrap.js';
import { compareJudges } from '../metrics/compare-judges.js';
import { resolveJudgeReference } from '../metrics/judge-reference.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { comparisonMarkdown } from '../report/comparison-table.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, flag, integer, positiveInt } from './options.js';

export function compareCommand(ctx: CommandContext): Command {
  return new Command('compare')
    .description('compare two judges on the cases both judged: paired bootstrap CI of the accuracy difference and exact McNemar test')
    .argument('<first>', 'a judge: <run-id>:<judge>, a run id with one judge, or a judge spec (its latest run)')
    .argument('<second>', 'the other judge, named the same ways')
    .addOption(new Option('--parser <name>', "parser (default: the first run's)").choices(['strict', 'official']))
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED))
    .option('--resamples <n>', 'bootstrap resamples', String(DEFAULT_RESAMPLES))
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .action(async (firstRef: string, secondRef: string, raw: { parser?: ParserName; format: 'md' | 'json'; seed: string; resamples: string; store: string }) => {
      const store = await openStore(raw.store, { mustExist: true });
      try {
        const comparison = await compareJudges(store, await resolveJudgeReference(store, firstRef), await resolveJudgeReference(store, secondRef), {
          ...(raw.parser ? { parser: raw.parser } : {}),
          seed: flag('--seed', integer, raw.seed),
          resamples: flag('--resamples', positiveInt, raw.resamples),
        });
        ctx.stdout.write(raw.format === 'json' ? JSON.stringify(comparison, null, 2) + '\n' : comparisonMarkdown(comparison));
        ctx.exit(EXIT.ok);
      } finally {
        await store.close();
      }
    });
}
