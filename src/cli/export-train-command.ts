import { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveDatasetSource } from '../dataset/dataset-source.js';
import { exportTrainingData } from '../build/export-train.js';
import type { CommandContext } from './command-context.js';
import { flag, integer, type FlagRule } from './options.js';

const fraction: FlagRule<number> = {
  expected: 'a number between 0 and 1',
  parse: (text) => {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) && n > 0 && n < 1 ? n : undefined;
  },
};

export function exportTrainCommand(ctx: CommandContext): Command {
  return new Command('export-train')
    .description('turn a labelled dataset into judge training data: LLaMA-Factory SFT/DPO (ShareGPT, multimodal) and TRL preference files')
    .requiredOption('--data <path>', 'a labelled dataset in the official layout (e.g. the output of mrb build export)')
    .requiredOption('--out <dir>', 'folder to write')
    .option('--test-fraction <x>', 'share of cases held out for testing (never sharing an image or question with training)', '0.2')
    .option('--seed <n>', 'seed of the split', '0')
    .option('--thinking', "use the paper prompt with its thinking line (train for mrb run --thinking)", false)
    .addHelpText(
      'after',
      `
Every case appears in both answer orders. <out>/README.md says how to train with LLaMA-Factory or TRL;
<out>/test_dataset is the held-out part in the official layout, to evaluate the trained judge with
  mrb run --data <out>/test_dataset --judge openai-compatible:<your-judge> --base-url <server>`,
    )
    .action(async (raw: { data: string; out: string; testFraction: string; seed: string; thinking: boolean }) => {
      const result = await exportTrainingData(resolveDatasetSource(raw.data), resolve(raw.out), {
        testFraction: flag('--test-fraction', fraction, raw.testFraction),
        seed: flag('--seed', integer, raw.seed),
        thinking: raw.thinking,
      });
      ctx.stdout.write(
        `${result.cases} case(s): ${result.train} train, ${result.test} test; ${result.examples.train} + ${result.examples.test} examples (both answer orders) in ${resolve(raw.out)}\n`,
      );
    });
}
