import { Command } from 'commander';
import { formatProblem } from '../dataset/data-problem.js';
import { resolveDatasetSource } from '../dataset/dataset-source.js';
import { checkDataset } from '../dataset/validate-dataset.js';
import { DIMENSIONS } from '../protocol/dimensions.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { list, SAMPLE_DATA } from './options.js';

export function dataCommand(ctx: CommandContext): Command {
  const data = new Command('data').description('check and describe datasets');
  data
    .command('validate')
    .description('report every problem of a dataset (file, row, field); exit 1 if there is any')
    .argument('[path]', 'dataset root, its pair_gt_all/ folder, or one .parquet/.jsonl file', SAMPLE_DATA)
    .option('--organs <list>', 'only these organ systems, comma-separated')
    .action(async (path: string, raw: { organs?: string }) => {
      const organs = list(raw.organs);
      const check = await checkDataset(resolveDatasetSource(path), organs ? { organs } : {});
      for (const p of check.problems) ctx.stdout.write(`${formatProblem(p)}\n`);
      const organsLine = Object.entries(check.casesByOrgan).map(([o, n]) => `${o} ${n}`).join(', ');
      ctx.stderr.write(`${check.cases} valid case(s)${organsLine ? ` (${organsLine})` : ''}\n`);
      ctx.stderr.write(`label share of A: ${DIMENSIONS.map((d) => `${d} ${(100 * check.labelShareA[d]).toFixed(0)}%`).join(', ')}\n`);
      if (check.problems.length > 0) {
        ctx.stderr.write(`${check.problems.length} problem(s) in ${check.invalidCases.size} case(s)\n`);
        return ctx.exit(EXIT.failed);
      }
      ctx.stderr.write('no problems\n');
      return ctx.exit(EXIT.ok);
    });
  return data;
}
