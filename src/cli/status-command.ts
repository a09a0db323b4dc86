import { Command } from 'commander';
import { runStatus } from '../runner/run-status.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore } from './options.js';

const pct = (n: number, of: number) => (of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`);

export function statusCommand(ctx: CommandContext): Command {
  return new Command('status')
    .description('where a run stands: progress per judge and per worker (works while it runs, from any machine sharing the store)')
    .argument('<run-id>', 'the run (`mrb runs` lists them)')
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
    .action(async (runId: string, raw: { store: string }) => {
      const store = await openStore(raw.store, { mustExist: true });
      try {
        const s = await runStatus(store, runId);
        const lines = [`${s.run.id}: ${s.run.status}, ${s.run.dataset.cases} cases, updated ${s.run.updatedAt}`, '', 'judge\ttrials\tanswered\tfailed\tpending'];
        for (const j of s.judges) lines.push(`${j.judge}\t${j.trials}\t${j.answered} (${pct(j.answered, j.trials)})\t${j.failed}\t${j.pending}`);
        lines.push('', s.workers.length === 0 ? 'no worker has claimed trials in this session' : 'worker\thost\tpid\tdone\tholding\tstate');
        for (const w of s.workers) lines.push(`${w.owner}\t${w.host}\t${w.pid}\t${w.done}\t${w.claimed}\t${w.live ? 'working' : w.claimed > 0 ? 'gone (its trials return to the others)' : 'finished'}`);
        ctx.stdout.write(lines.join('\n') + '\n');
        ctx.exit(EXIT.ok);
      } finally {
        await store.close();
      }
    });
}
