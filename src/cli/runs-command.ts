import { Command } from 'commander';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import { observedStatus } from '../runner/run-status.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore } from './options.js';

export function runsCommand(ctx: CommandContext): Command {
  return new Command('runs')
    .description('list the runs in the store')
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .action(async (raw: { store: string }) => {
      const store = await openStore(raw.store, { mustExist: true });
      try {
        for (const run of await store.listRuns()) {
          const settings = run.settings as RunSettings;
          const dataset = run.dataset as RunDataset;
          ctx.stdout.write(
            `${run.id}\t${await observedStatus(store, run)}\t${run.updatedAt}\t${dataset.cases} cases\t${settings.judges.map((j) => j.spec).join(',')}\t${dataset.path}\n`,
          );
        }
        ctx.exit(EXIT.ok);
      } finally {
        await store.close();
      }
    });
}
