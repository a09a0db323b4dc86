import { Command, Option } from 'commander';
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../metrics/bootstrap.js';
import { leaderboard } from '../metrics/leaderboard.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { formatLeaderboard, LEADERBOARD_FORMATS, type LeaderboardFormat } from '../report/leaderboard-table.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, flag, integer, positiveInt } from './options.js';

export function leaderboardCommand(ctx: CommandContext): Command {
  return new Command('leaderboard')
    .description('every judge in the store on one dataset, ranked by overall accuracy with 95% CIs')
    .option('--dataset <fingerprint>', "the dataset's fingerprint (default: the dataset of the latest run; see summary.json)")
    .addOption(new Option('--format <format>', 'output format').choices([...LEADERBOARD_FORMATS]).default('md'))
    .addOption(new Option('--parser <name>', "parser (default: each run's own)").choices(['strict', 'official']))
    .option('--seed <n>', 'bootstrap seed', String(DEFAULT_SEED))
    .option('--resamples <n>', 'bootstrap resamples', String(DEFAULT_RESAMPLES))
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .action(async (raw: { dataset?: string; format: LeaderboardFormat; parser?: ParserName; seed: string; resamples: string; store: string }) => {
      const store = await openStore(raw.store, { mustExist: true });
      try {
        const board = await leaderboard(store, {
          ...(raw.dataset ? { fingerprint: raw.dataset } : {}),
          ...(raw.parser ? { parser: raw.parser } : {}),
          seed: flag('--seed', integer, raw.seed),
          resamples: flag('--resamples', positiveInt, raw.resamples),
        });
        ctx.stdout.write(formatLeaderboard(board, raw.format));
        ctx.exit(EXIT.ok);
      } finally {
        await store.close();
      }
    });
}
