import { Command } from 'commander';
import { planRun } from '../runner/plan-run.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { formatPlan } from './plan-format.js';
import { addRunFlags, runOptionsFromFlags } from './run-flags.js';

export function planCommand(ctx: CommandContext): Command {
  return addRunFlags(new Command('plan').description('print how many requests a run would send and estimate its tokens and cost; sends nothing'))
    .addHelpText('after', '\nTakes the same flags as mrb run. Answers already in the store are not counted: they are never sent again.')
    .action(async (raw: Record<string, unknown>) => {
      ctx.stdout.write(formatPlan(await planRun(runOptionsFromFlags(raw))));
      ctx.exit(EXIT.ok);
    });
}
