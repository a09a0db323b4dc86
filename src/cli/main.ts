import { Command, CommanderError, Help } from 'commander';
// Errors of bad input (exit 2), each from a small module (its own, or one of few imports): the
// modules that throw them would load most of the library before any command is chosen.
import { BuildError } from '../build/build-error.js';
import { DataError, formatProblem } from '../dataset/data-problem.js';
import { JudgeSpecError } from '../judges/judge-spec-error.js';
import { JudgeReferenceError } from '../metrics/judge-reference.js';
import { RunNotFoundError } from '../metrics/run-not-found-error.js';
import { PromptFileError } from '../protocol/prompt-file.js';
import { ProviderConfigError } from '../providers/chat.js';
import { ReportInputError } from '../report/report-input-error.js';
import { BatchFileError } from '../runner/batch-file-error.js';
import { ConfigError } from '../runner/config-error.js';
import { JoinError } from '../runner/join-error.js';
import { RunStatusError } from '../runner/run-status.js';
import { CopyError } from '../store/copy-runs.js';
import { StoreFailure } from '../store/store-failure.js';
import { StoreNotFoundError } from '../store/store-not-found-error.js';
import { toolVersion } from '../tool-version.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { chosenCommand, COMMANDS, type CommandEntry } from './command-index.js';

/** The program for one call: only the command that `args` chooses is loaded; the others are listed. */
export async function program(ctx: CommandContext, args: readonly string[]): Promise<Command> {
  const listed = new Help();
  const root = new Command('mrb')
    .description('Med-RewardBench: how well do multimodal judges and reward models agree with physicians on medical images?')
    .version(toolVersion())
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) })
    // A placeholder has neither the options nor the arguments its command's line in the list shows.
    .configureHelp({ subcommandTerm: (cmd) => usageLine(cmd.name()) ?? listed.subcommandTerm(cmd) });
  const output = { writeOut: (s: string) => ctx.stdout.write(s), writeErr: (s: string) => ctx.stderr.write(s) };
  const configure = (command: Command): Command => {
    command.exitOverride().configureOutput(output);
    command.commands.forEach(configure);
    return command;
  };
  const chosen = chosenCommand(args);
  for (const entry of COMMANDS) root.addCommand(configure(entry.name === chosen ? (await entry.load())(ctx) : placeholder(entry)));
  return root;
}

function usageLine(name: string): string | undefined {
  const entry = COMMANDS.find((e) => e.name === name);
  return entry && `${entry.name}${entry.usage ? ` ${entry.usage}` : ''}`;
}

/** A command's name and description for the list in `mrb --help`; running it would be a bug of ours, so it says so. */
function placeholder(entry: CommandEntry): Command {
  return new Command(entry.name)
    .description(entry.description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new Error(`mrb ${entry.name} ran without its module loaded (a bug in chosenCommand)`);
    });
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
    await (await program(context, argv.slice(2))).parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof DataError) {
      for (const p of error.problems) context.stderr.write(`${formatProblem(p)}\n`);
      context.stderr.write(`error: ${error.problems.length} data problem(s)${error.hint ? `; ${error.hint}` : ''}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError || error instanceof JudgeSpecError || error instanceof ProviderConfigError || error instanceof PromptFileError || error instanceof BatchFileError || error instanceof JoinError || error instanceof RunStatusError || error instanceof CopyError || error instanceof ConfigError || error instanceof RunNotFoundError || error instanceof StoreNotFoundError || error instanceof JudgeReferenceError || error instanceof ReportInputError || error instanceof BuildError) {
      context.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    context.stderr.write(`error: ${describeError(error)}\n`);
    if (process.env.MRB_DEBUG && error instanceof Error) context.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  }
}

/** SQLite's own words are terse; say which store and what usually causes it. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return message;
  const hint =
    code.startsWith('SQLITE_FULL') ? 'the disk (or the store) is full'
    : code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') ? 'the store or its folder cannot be written'
    : code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'another process holds the store'
    : code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB') ? 'the file is not an intact med-rewardbench store'
    : 'the store failed';
  const where = error instanceof StoreFailure ? `: ${error.location}` : '';
  return `${hint}${where} (${code}: ${message}); answers stored before this are kept`;
}
