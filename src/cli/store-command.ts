import { Command } from 'commander';
import { copyRuns } from '../store/copy-runs.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';

export function storeCommand(ctx: CommandContext): Command {
  const store = new Command('store').description('move runs between stores');
  store.addCommand(
    new Command('copy')
      .description('copy runs with their cases, trials and judgments between SQLite and PostgreSQL, either way')
      .requiredOption('--from <store>', 'the store to copy from: a SQLite file or a postgres:// URL')
      .requiredOption('--to <store>', 'the store to copy to (created if it is a SQLite file)')
      .option('--run <id...>', 'only these runs (default: all)')
      .addHelpText('after', '\nExample: mrb store copy --from .mrb/mrb.sqlite --to postgres://me@db.lab/mrb')
      .action(async (raw: { from: string; to: string; run?: string[] }) => {
        const from = await openStore(raw.from, { mustExist: true });
        try {
          const to = await openStore(raw.to);
          try {
            const copied = await copyRuns(from, to, raw.run);
            for (const c of copied) ctx.stdout.write(`${c.runId}: ${c.cases} cases, ${c.trials} trials, ${c.judgments} judgments\n`);
            ctx.stdout.write(`copied ${copied.length} run(s) from ${from.location} to ${to.location}\n`);
            ctx.exit(EXIT.ok);
          } finally {
            await to.close();
          }
        } finally {
          await from.close();
        }
      }),
  );
  return store;
}
