import { Command, CommanderError } from 'commander';
import { DataError, formatProblem } from '../dataset/data-problem.js';
import { JudgeSpecError } from '../judges/judge-spec.js';
import { ProviderConfigError } from '../providers/chat.js';
import { RunNotFoundError } from '../metrics/score-run.js';
import { JudgeReferenceError } from '../metrics/judge-reference.js';
import { StoreNotFoundError } from '../store/open-store.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { compareCommand } from './compare-command.js';
import { dataCommand } from './data-command.js';
import { leaderboardCommand } from './leaderboard-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';
import { scoreCommand } from './score-command.js';

const VERSION = '0.1.0';

export function program(ctx: CommandContext): Command {
  const root = new Command('mrb')
    .description('Med-RewardBench: how well do multimodal judges and reward models agree with physicians on medical images?')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  const output = { writeOut: (s: string) => ctx.stdout.write(s), writeErr: (s: string) => ctx.stderr.write(s) };
  const configure = (command: Command): Command => {
    command.exitOverride().configureOutput(output);
    command.commands.forEach(configure);
    return command;
  };
  for (const command of [runCommand(ctx), scoreCommand(ctx), compareCommand(ctx), leaderboardCommand(ctx), dataCommand(ctx), runsCommand(ctx)]) root.addCommand(configure(command));
  return root;
}

/** Runs the CLI; resolves to the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: readonly string[], ctx?: Partial<CommandContext>): Promise<number> {
  let code: number = EXIT.ok;
  const context: CommandContext = {
    stdout: ctx?.stdout ?? process.stdout,
    stderr: ctx?.stderr ?? process.stderr,
    progressStream: ctx?.progressStream ?? process.stderr,
    exit: (c) => {
      code = c;
    },
  };
  try {
    await program(context).parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof DataError) {
      for (const p of error.problems) context.stderr.write(`${formatProblem(p)}\n`);
      context.stderr.write(`error: ${error.problems.length} data problem(s)${error.hint ? `; ${error.hint}` : ''}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof JudgeSpecError || error instanceof ProviderConfigError || error instanceof RunNotFoundError || error instanceof StoreNotFoundError || error instanceof JudgeReferenceError) {
      context.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    context.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.MRB_DEBUG && error instanceof Error) context.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  }
}
