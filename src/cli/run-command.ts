import { Command } from 'commander';
import { resolve } from 'node:path';
import { formatProblem } from '../dataset/data-problem.js';
import { DEFAULT_RESAMPLES } from '../metrics/bootstrap.js';
import { writeRunResults } from '../report/write-run-results.js';
import { planRun } from '../runner/plan-run.js';
import { runBenchmark } from '../runner/run-benchmark.js';
import { openStore } from '../store/open-store.js';
import { EXIT } from './cli-error.js';
import { RETRYABLE_KINDS } from '../providers/chat.js';
import { flag, positiveInt } from './options.js';
import { formatPlan } from './plan-format.js';
import { collectStageGarbage } from './stage-memory.js';
import { addRunFlags, runOptionsFromFlags } from './run-flags.js';
import { progressDisplay } from './progress-display.js';
import type { CommandContext } from './command-context.js';

export function runCommand(ctx: CommandContext): Command {
  return addRunFlags(new Command('run').description('judge every case of a dataset with one or more judges, store every answer, and score them'))
    .option('--resamples <n>', 'bootstrap resamples for confidence intervals', String(DEFAULT_RESAMPLES))
    .option('--group-intervals', 'intervals of the figures beyond accuracy for each organ system, department and question type too, in summary.json (about ten times their work)', false)
    .option('--out <dir>', 'where result files go (default ./mrb-out/<run-id>)')
    .option('--dry-run', 'print the requests, tokens and cost the run would take, and send nothing (as mrb plan)', false)
    .addHelpText(
      'after',
      `
Examples:
  mrb run                                   # the bundled sample, the four baselines, offline
  mrb run --data ./Med-RewardBench/data --judge openai-compatible:Qwen/Qwen2.5-VL-7B-Instruct \\
    --base-url http://127.0.0.1:8000/v1 --orders original --parser official --out ./results/qwen
  mrb run --judge openai:gpt-4o --price-input 2.5 --price-output 10 --max-cost 5
  mrb run --judge anthropic:claude-sonnet-4-5 --mode pointwise --samples 3 --seed 1
  mrb run --judge reward:Skywork/Skywork-VL-Reward-7B --base-url http://127.0.0.1:8000
  mrb run -c mrb.config.yaml                # judges, prices and settings from a file (see docs/judges.md)

--seed, when given, is also sent to the model: changing it on a finished run sends new requests
(to draw other bootstrap resamples only, use mrb score --seed).

Run the same command again after a crash or Ctrl-C: answered trials are never requested twice.
Run it again on a finished run and nothing is sent; the dataset is not read again while its files
are unchanged, nor are the result files rewritten while what they are computed from is unchanged
(to write them anyway, remove <out>/.mrb-results.json).
Exit codes: 0 completed, 1 some requests failed (run again to retry them) or an error, 2 bad usage or data, 130 interrupted.`,
    )
    .action(async (raw: Record<string, unknown>) => {
      const options = runOptionsFromFlags(raw);
      if (raw.dryRun) {
        ctx.stdout.write(formatPlan(await planRun(options)));
        return ctx.exit(EXIT.ok);
      }
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
        const result = await runBenchmark(options, {
          signal: controller.signal,
          onStart: ({ runId, resumed, finished, check, total }) => {
            // The validation pass is over: its pages of images need not wait beside the run's.
            collectStageGarbage();
            for (const p of check.problems) ctx.stderr.write(`skipped: ${formatProblem(p)}\n`);
            if (check.invalidCases.size > 0) ctx.stderr.write(`skipped ${check.invalidCases.size} invalid case(s) (--skip-invalid)\n`);
            ctx.stderr.write(`${resumed ? 'resuming' : 'starting'} ${runId}: ${check.cases} cases, ${options.judges.length} judge(s), ${total} trials\n`);
            if (finished) ctx.stderr.write(`${runId} is complete: every trial has its answer, and the dataset's files are as the run last read them (not read again)\n`);
          },
          onProgress: (p) => display.update(p),
        });
        display.stop();
        collectStageGarbage();
        const outDir = resolve(options.out ?? `mrb-out/${result.runId}`);
        const store = await openStore(options.store);
        try {
          const results = await writeRunResults(store, result.runId, outDir, {
            seed: options.seed,
            resamples: flag('--resamples', positiveInt, raw.resamples),
            groupIntervals: raw.groupIntervals === true,
            cases: result.check.cases,
            betweenStages: collectStageGarbage,
          });
          ctx.stdout.write(results.table);
          ctx.stderr.write(`\nrun ${result.runId} ${result.status}: ${result.progress.answered} judged now, ${result.progress.reused} reused from the store, ${result.progress.failed} failed\n`);
          ctx.stderr.write(
            results.upToDate
              ? `results in ${outDir} are up to date: the store holds what they were computed from, and no file changed since\n`
              : `results in ${outDir} (report.html, official_table.csv/.jsonl/.xlsx, summary.json/.csv/.jsonl, leaderboard.md, judgments.jsonl/.parquet)\n`,
          );
        } finally {
          await store.close();
        }
        for (const f of result.failures) ctx.stderr.write(`failed: ${f.count} trial(s) of ${f.judge} (${f.kind}), e.g. ${f.example}\n`);
        if (result.stopReason) ctx.stderr.write(`stopped early: ${result.stopReason}\n`);
        if (result.status === 'interrupted') return ctx.exit(EXIT.interrupted);
        // Without failures of its own, an incomplete run was stopped by the budget (exit 1), or this is a
        // worker whose run other workers are still finishing (exit 0).
        if (result.status === 'incomplete' && result.failures.length === 0) return ctx.exit(result.stopReason ? EXIT.failed : EXIT.ok);
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
