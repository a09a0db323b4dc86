import type { Command } from 'commander';
import type { CommandContext } from './command-context.js';

/**
 * One command as `mrb --help` lists it, and where its module is. A command's module (with the
 * library code it calls) is imported only when that command runs or shows its own help: importing
 * all of them cost every `mrb` call about half a second.
 */
export interface CommandEntry {
  readonly name: string;
  /** What follows the name in `mrb --help`: `[options]` when the command has options, then its arguments. */
  readonly usage: string;
  /** The command's own `.description()`, repeated here so that listing commands loads none of them. */
  readonly description: string;
  load(): Promise<(ctx: CommandContext) => Command>;
}

// In the order `mrb --help` lists them. test/cli/command-index.test.ts checks each entry against its module.
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    usage: '[options]',
    description: 'judge every case of a dataset with one or more judges, store every answer, and score them',
    load: async () => (await import('./run-command.js')).runCommand,
  },
  {
    name: 'plan',
    usage: '[options]',
    description: 'print how many requests a run would send and estimate its tokens and cost; sends nothing',
    load: async () => (await import('./plan-command.js')).planCommand,
  },
  {
    name: 'status',
    usage: '[options] <run-id>',
    description: 'where a run stands: progress per judge and per worker (works while it runs, from any machine sharing the store)',
    load: async () => (await import('./status-command.js')).statusCommand,
  },
  {
    name: 'batch',
    usage: '',
    description: "run a benchmark offline through batch files (OpenAI's Batch API, vLLM's run_batch)",
    load: async () => (await import('./batch-command.js')).batchCommand,
  },
  {
    name: 'store',
    usage: '',
    description: 'move runs between stores',
    load: async () => (await import('./store-command.js')).storeCommand,
  },
  {
    name: 'score',
    usage: '[options]',
    description: 're-score a stored run from its raw outputs, e.g. with the other parser; sends no request',
    load: async () => (await import('./score-command.js')).scoreCommand,
  },
  {
    name: 'compare',
    usage: '[options] <first> <second>',
    description: 'compare two judges on the cases both judged: paired bootstrap CI of the accuracy difference and exact McNemar test',
    load: async () => (await import('./compare-command.js')).compareCommand,
  },
  {
    name: 'leaderboard',
    usage: '[options]',
    description: 'every judge in the store on one dataset, ranked by overall accuracy with 95% CIs',
    load: async () => (await import('./leaderboard-command.js')).leaderboardCommand,
  },
  {
    name: 'data',
    usage: '',
    description: 'check, describe and download datasets',
    load: async () => (await import('./data-command.js')).dataCommand,
  },
  {
    name: 'runs',
    usage: '[options]',
    description: 'list the runs in the store',
    load: async () => (await import('./runs-command.js')).runsCommand,
  },
  {
    name: 'export',
    usage: '[options]',
    description: 'write a stored run as xlsx, csv, jsonl, md or parquet; sends no request',
    load: async () => (await import('./export-command.js')).exportCommand,
  },
  {
    name: 'report',
    usage: '[options]',
    description: 'write a self-contained HTML report (charts included, opens offline) of a run or of chosen judges',
    load: async () => (await import('./report-command.js')).reportCommand,
  },
  {
    name: 'build',
    usage: '',
    description: 'build your own benchmark: import, select hard items, answer, pair, (annotate), aggregate, export',
    load: async () => (await import('./build-command.js')).buildCommand,
  },
  {
    name: 'annotate',
    usage: '',
    description: 'the annotation web app: physicians label pairs on six dimensions',
    load: async () => (await import('./annotate-command.js')).annotateCommand,
  },
  {
    name: 'export-train',
    usage: '[options]',
    description: 'turn a labelled dataset into judge training data: LLaMA-Factory SFT/DPO (ShareGPT, multimodal) and TRL preference files',
    load: async () => (await import('./export-train-command.js')).exportTrainCommand,
  },
  {
    name: 'view',
    usage: '[options]',
    description: 'browse runs, cases and every verdict in a local web viewer (127.0.0.1); follows runs in progress',
    load: async () => (await import('./view-command.js')).viewCommand,
  },
];

/**
 * The command that `args` (the words after `mrb`) runs or asks help for, as commander will pick it:
 * the first operand, or the one after `help`. Operands count only up to the first option: `mrb`'s
 * own options (-V, -h) end the call themselves, and after any other option commander dispatches to
 * no command. After `--` every word is an operand.
 */
export function chosenCommand(args: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.length > 1 && arg.startsWith('-')) break;
    operands.push(arg);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}
