import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { formatProblem } from '../dataset/data-problem.js';
import { DEFAULT_JUDGE_OPTIONS, DEFAULT_JUDGES } from '../judges/judge-spec.js';
import { DEFAULT_RESAMPLES } from '../metrics/bootstrap.js';
import { scoreRun } from '../metrics/score-run.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { markdownSummary } from '../report/markdown-summary.js';
import { writeExports } from '../report/run-exports.js';
import { writeHtmlReport } from '../report/write-html-report.js';
import { writeRunOutputs } from '../report/write-run-outputs.js';
import { DEFAULT_RETRY_POLICY } from '../runner/retry.js';
import { runBenchmark } from '../runner/run-benchmark.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import { RETRYABLE_KINDS } from '../providers/chat.js';
import { defaultStore, flag, integer, list, nonNegativeNumber, positiveInt, positiveNumber, SAMPLE_DATA } from './options.js';
import { progressDisplay } from './progress-display.js';
import type { CommandContext } from './command-context.js';

export function runCommand(ctx: CommandContext): Command {
  return new Command('run')
    .description('judge every case of a dataset with one or more judges, store every answer, and score them')
    .option('--data <path>', 'dataset root, its pair_gt_all/ folder, or one .parquet/.jsonl file', SAMPLE_DATA)
    .option('--organs <list>', 'only these organ systems, comma-separated')
    .option('--judge <spec>', 'baseline:random|always-a|always-b|longer or openai-compatible:<model>; repeat for several (default: the four baselines)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--base-url <url>', 'OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (default: $OPENAI_BASE_URL or OpenAI)')
    .option('--api-key-env <name>', 'environment variable holding the API key (default: OPENAI_API_KEY, sent only to OpenAI or $OPENAI_BASE_URL)')
    .option('--temperature <t>', 'sampling temperature', String(DEFAULT_JUDGE_OPTIONS.temperature))
    .option('--max-tokens <n>', 'maximum tokens per answer', String(DEFAULT_JUDGE_OPTIONS.maxTokens))
    .option('--timeout <seconds>', 'per-request timeout', String(DEFAULT_JUDGE_OPTIONS.timeoutMs / 1000))
    .option('--thinking', "add the reference's thinking line to the paper prompt", false)
    .addOption(new Option('--prompt <name>', 'judge prompt').choices(['paper']).default('paper'))
    .addOption(new Option('--orders <which>', 'original: the dataset order only (the paper); both: also swapped').choices(['original', 'both']).default('both'))
    .addOption(new Option('--parser <name>', 'strict fixes the reference parser; official reproduces it').choices(['strict', 'official']).default('strict'))
    .option('--seed <n>', 'seed of baseline:random and of the bootstrap', String(DEFAULT_JUDGE_OPTIONS.seed))
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', String(DEFAULT_RESAMPLES))
    .option('--concurrency <n>', 'requests in flight at once', '16')
    .option('--max-attempts <n>', 'attempts per request before it is recorded as an error', String(DEFAULT_RETRY_POLICY.maxAttempts))
    .option('--max-failures-in-a-row <n>', 'stop the run when this many requests in a row to one judge fail', '10')
    .option('--store <path>', 'SQLite store (env MRB_STORE)', defaultStore())
    .option('--out <dir>', 'where result files go (default ./mrb-out/<run-id>)')
    .option('--run <id>', 'run id; by default derived from the data and settings, so the same command resumes the same run')
    .option('--skip-invalid', 'judge the valid cases of invalid data and report what was skipped', false)
    .addHelpText(
      'after',
      `
Examples:
  mrb run                                   # the bundled sample, the four baselines, offline
  mrb run --data ./Med-RewardBench/data --judge openai-compatible:Qwen/Qwen2.5-VL-7B-Instruct \\
    --base-url http://127.0.0.1:8000/v1 --orders original --parser official --out ./results/qwen

Run the same command again after a crash or Ctrl-C: answered trials are never requested twice.
Exit codes: 0 completed, 1 some requests failed (run again to retry them) or an error, 2 bad usage or data, 130 interrupted.`,
    )
    .action(async (raw: Record<string, unknown>) => {
      const judges = [...new Set((raw.judge as string[] | undefined) ?? DEFAULT_JUDGES)];
      const retryBase = Number(process.env.MRB_RETRY_BASE_MS ?? DEFAULT_RETRY_POLICY.baseDelayMs);
      const organs = list(raw.organs as string | undefined);
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(EXIT.interrupted);
        ctx.stderr.write('\ninterrupting: finishing the store writes; press Ctrl-C again to quit at once\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const display = progressDisplay(ctx.progressStream, Number(process.env.MRB_PROGRESS_INTERVAL_MS ?? 5000));
      try {
        const result = await runBenchmark(
          {
            data: raw.data as string,
            ...(organs ? { organs } : {}),
            judges,
            orders: raw.orders === 'both' ? ['AB', 'BA'] : ['AB'],
            parser: raw.parser as ParserName,
            store: raw.store as string,
            ...(raw.run ? { runId: raw.run as string } : {}),
            concurrency: flag('--concurrency', positiveInt, raw.concurrency),
            skipInvalid: raw.skipInvalid as boolean,
            judgeOptions: {
              seed: flag('--seed', integer, raw.seed),
              ...(raw.baseUrl ? { baseUrl: raw.baseUrl as string } : {}),
              ...(raw.apiKeyEnv ? { apiKeyEnv: raw.apiKeyEnv as string } : {}),
              temperature: flag('--temperature', nonNegativeNumber, raw.temperature),
              maxTokens: flag('--max-tokens', positiveInt, raw.maxTokens),
              timeoutMs: flag('--timeout', positiveNumber, raw.timeout) * 1000,
              thinking: raw.thinking as boolean,
            },
            retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: retryBase, maxAttempts: flag('--max-attempts', positiveInt, raw.maxAttempts) },
            maxFailuresInARow: flag('--max-failures-in-a-row', positiveInt, raw.maxFailuresInARow),
          },
          {
            signal: controller.signal,
            onStart: ({ runId, resumed, check, total }) => {
              for (const p of check.problems) ctx.stderr.write(`skipped: ${formatProblem(p)}\n`);
              if (check.invalidCases.size > 0) ctx.stderr.write(`skipped ${check.invalidCases.size} invalid case(s) (--skip-invalid)\n`);
              ctx.stderr.write(`${resumed ? 'resuming' : 'starting'} ${runId}: ${check.cases} cases, ${judges.length} judge(s), ${total} trials\n`);
            },
            onProgress: (p) => display.update(p),
          },
        );
        display.stop();
        const store = await openStore(raw.store as string);
        try {
          const score = await scoreRun(store, result.runId, {
            seed: flag('--seed', integer, raw.seed),
            resamples: flag('--resamples', positiveInt, raw.resamples),
          });
          const outDir = resolve((raw.out as string | undefined) ?? `mrb-out/${result.runId}`);
          writeRunOutputs(outDir, score);
          await writeExports(outDir, score);
          await writeHtmlReport(null, { score }, join(outDir, 'report.html'));
          ctx.stdout.write(markdownSummary(score.statistics));
          ctx.stderr.write(`\nrun ${result.runId} ${result.status}: ${result.progress.answered} judged now, ${result.progress.reused} reused from the store, ${result.progress.failed} failed\n`);
          ctx.stderr.write(`results in ${outDir} (report.html, official_table.csv/.jsonl/.xlsx, summary.json/.csv/.jsonl, leaderboard.md, judgments.jsonl/.parquet)\n`);
        } finally {
          await store.close();
        }
        for (const f of result.failures) ctx.stderr.write(`failed: ${f.count} trial(s) of ${f.judge} (${f.kind}), e.g. ${f.example}\n`);
        if (result.stopReason) ctx.stderr.write(`stopped early: ${result.stopReason}\n`);
        if (result.status === 'interrupted') return ctx.exit(EXIT.interrupted);
        if (result.status === 'incomplete') {
          const retryable = result.failures.some((f) => RETRYABLE_KINDS.has(f.kind));
          ctx.stderr.write(
            retryable
              ? 'some trials did not get an answer; run the same command again to retry only those\n'
              : 'some trials did not get an answer; fix the cause above (a retry alone will fail the same way), then run the same command again\n',
          );
          return ctx.exit(EXIT.failed);
        }
        return ctx.exit(EXIT.ok);
      } finally {
        display.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
