import { Command } from 'commander';
import { resolve } from 'node:path';
import { exportBatch, importBatch, OPENAI_BATCH_LIMITS } from '../runner/batch-file.js';
import { EXIT, UsageError } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { defaultStore, flag, positiveInt, positiveNumber } from './options.js';
import { addRunFlags, runOptionsFromFlags } from './run-flags.js';

export function batchCommand(ctx: CommandContext): Command {
  const batch = new Command('batch').description("run a benchmark offline through batch files (OpenAI's Batch API, vLLM's run_batch)");
  batch.addCommand(
    addRunFlags(new Command('export').description("write a run's pending trials as an OpenAI batch JSONL file; sends nothing"))
      .requiredOption('--output <file>', 'the batch file to write (numbered files, <name>-001.jsonl ..., when it would pass a limit below)')
      .option('--max-requests-per-file <n>', "requests per file at most (OpenAI's Batch API limit)", String(OPENAI_BATCH_LIMITS.maxRequests))
      .option('--max-file-mb <mb>', "size of a file at most, in MB of 1,000,000 bytes (OpenAI's Batch API limit)", String(OPENAI_BATCH_LIMITS.maxBytes / 1_000_000))
      .addHelpText(
        'after',
        `
Takes the same flags as mrb run. Each line is one /v1/chat/completions request; custom_id is the
trial key. Answer it with OpenAI's Batch API, or on your own GPUs with vLLM (shard the file as you like):
  python -m vllm.entrypoints.openai.run_batch -i batch.jsonl -o results.jsonl --model <model>
then: mrb batch import --run <run-id> results.jsonl, and mrb run with the same flags to score.`,
      )
      .action(async (raw: Record<string, unknown>) => {
        const limits = {
          maxRequests: flag('--max-requests-per-file', positiveInt, raw.maxRequestsPerFile as string),
          maxBytes: Math.floor(flag('--max-file-mb', positiveNumber, raw.maxFileMb as string) * 1_000_000),
        };
        const result = await exportBatch(runOptionsFromFlags(raw), resolve(raw.output as string), limits);
        const where =
          result.files.length === 1
            ? `to ${raw.output as string}`
            : `to ${result.files.length} files, split at ${limits.maxRequests} requests or ${raw.maxFileMb as string} MB per file (submit each as its own batch; import each results file): ${result.files.join(', ')}`;
        ctx.stdout.write(`${result.runId}: wrote ${result.requests} request(s) for ${result.trials} trial(s) ${where}; ${result.skipped} already answered\n`);
        for (const judge of result.unsupported) ctx.stderr.write(`not in the batch file: ${judge} (its API has no OpenAI-style batch format; run it online with mrb run)\n`);
        ctx.exit(EXIT.ok);
      }),
  );
  batch.addCommand(
    new Command('import')
      .description("store the replies of an answered batch file as the run's judgments")
      .argument('<results>', 'the results JSONL file (OpenAI batch output or vLLM run_batch output)')
      .requiredOption('--run <id>', 'the run the batch file was exported from')
      .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)', defaultStore())
      .action(async (results: string, raw: Record<string, unknown>) => {
        if (!raw.run) throw new UsageError('--run <id> is required');
        const r = await importBatch(raw.store as string, raw.run as string, resolve(results));
        ctx.stdout.write(`${r.runId}: stored ${r.answered} answer(s) and ${r.failed} failure(s)${r.unknown ? `; ${r.unknown} line(s) belong to no trial of this run` : ''}${r.incomplete ? `; ${r.incomplete} pointwise trial(s) lack one of their two answers` : ''}\n`);
        ctx.stdout.write('run mrb run with the same flags to score it (answered trials are not sent again)\n');
        ctx.exit(r.failed > 0 || r.incomplete > 0 ? EXIT.failed : EXIT.ok);
      }),
  );
  return batch;
}
