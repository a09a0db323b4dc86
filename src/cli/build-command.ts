import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { aggregate } from '../build/aggregate.js';
import { BuildError } from '../build/build-error.js';
import { DEFAULT_BUILD_STORE, openBuildStore, type BuildStore } from '../build/build-store.js';
import { exportBenchmark } from '../build/export-benchmark.js';
import { importTable } from '../build/import-table.js';
import { modelClient, type ModelDefaults } from '../build/model-client.js';
import { PAIR_STRATEGIES, pairResponses, type PairStrategy } from '../build/pair-responses.js';
import { respond } from '../build/respond.js';
import { selectItems, selectionReport } from '../build/select-items.js';
import { formatProblem } from '../dataset/data-problem.js';
import { DIMENSIONS } from '../protocol/dimensions.js';
import { DEFAULT_RETRY_POLICY } from '../runner/retry.js';
import { EXIT } from './cli-error.js';
import type { CommandContext } from './command-context.js';
import { flag, integer, nonNegativeNumber, positiveInt, positiveNumber } from './options.js';
import { stepProgressDisplay } from './step-progress-display.js';

export function defaultBuildStore(): string {
  return process.env.MRB_BUILD_STORE ?? DEFAULT_BUILD_STORE;
}

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** Flags every step that asks models shares. */
function modelFlags(command: Command, defaults: { temperature: string; maxTokens: string }): Command {
  return command
    .option('--base-url <url>', 'OpenAI-compatible server for models given without @<url> (default: $OPENAI_BASE_URL or OpenAI)')
    .option('--api-key-env <name>', 'environment variable holding the API key')
    .option('--temperature <t>', 'sampling temperature', defaults.temperature)
    .option('--max-tokens <n>', 'maximum tokens per answer', defaults.maxTokens)
    .option('--timeout <seconds>', 'per-request timeout', '120')
    .option('--concurrency <n>', 'requests in flight at once', '8')
    .option('--max-attempts <n>', 'attempts per request before it is recorded as failed', String(DEFAULT_RETRY_POLICY.maxAttempts));
}

function modelDefaults(raw: Record<string, unknown>): ModelDefaults {
  const retryBase = Number(process.env.MRB_RETRY_BASE_MS ?? DEFAULT_RETRY_POLICY.baseDelayMs);
  return {
    ...(raw.baseUrl ? { baseUrl: String(raw.baseUrl) } : {}),
    ...(raw.apiKeyEnv ? { apiKeyEnv: String(raw.apiKeyEnv) } : {}),
    temperature: flag('--temperature', nonNegativeNumber, raw.temperature),
    maxTokens: flag('--max-tokens', positiveInt, raw.maxTokens),
    timeoutMs: flag('--timeout', positiveNumber, raw.timeout) * 1000,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: flag('--max-attempts', positiveInt, raw.maxAttempts), baseDelayMs: retryBase },
  };
}

/** Opens the store, runs the step with a progress display and Ctrl-C handling, always closes. */
async function withStore<T>(ctx: CommandContext, path: string, step: (store: BuildStore, progress: ReturnType<typeof stepProgressDisplay>, signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const store = await openBuildStore(path);
  const display = stepProgressDisplay(ctx.progressStream);
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    ctx.stderr.write('\nstopping: what is done is kept; run the same command again to continue\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  try {
    return await step(store, display, controller.signal);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    ctx.exit(EXIT.interrupted);
    return undefined;
  } finally {
    process.off('SIGINT', onSignal);
    display.stop();
    await store.close();
  }
}

const storeOption = () => new Option('--store <path>', 'the build store, a SQLite file (env MRB_BUILD_STORE)').default(defaultBuildStore());

export function buildCommand(ctx: CommandContext): Command {
  const build = new Command('build')
    .description('build your own benchmark: import, select hard items, answer, pair, (annotate), aggregate, export')
    .addHelpText(
      'after',
      `
Steps, in order (each resumable: run it again and it continues where it stopped):
  mrb build import items.jsonl                          # or .csv / .parquet; images inline or as paths
  mrb build import-dicom ./dicom --questions q.jsonl     # DICOM de-identified and windowed to PNG
  mrb build select --solver openai-compatible:m1 --solver openai-compatible:m2 --grader openai-compatible:g --max-correct 1
  mrb build respond --model openai-compatible:a --model openai-compatible:b --model openai-compatible:c
  mrb build pair --strategy random --seed 1
  mrb annotate serve                                    # physicians label the pairs in the browser
  mrb build aggregate                                   # majority vote, agreement, adjudication queue
  mrb build export --out ./my-bench                     # official layout + dataset card; mrb run --data ./my-bench
See docs/build-your-own.md.`,
    );

  build
    .command('import')
    .description('import medical VQA items from a JSONL, CSV or parquet file')
    .argument('<file>', 'the items: image (inline or path), question, answer, organ; optional id, department, modality, body_part, question_type, answer_type, source')
    .addOption(storeOption())
    .option('--skip-invalid', 'import the valid rows and list the others (by default one bad row stops the import)', false)
    .action(async (file: string, raw: { store: string; skipInvalid: boolean }) => {
      const result = await withStore(ctx, raw.store, (store, display) => importTable(store, resolve(file), { skipInvalid: raw.skipInvalid, onProgress: display.update }));
      if (!result) return;
      for (const p of result.skipped) ctx.stderr.write(`skipped: ${formatProblem(p)}\n`);
      ctx.stdout.write(`imported ${result.imported} item(s) into ${raw.store}${result.skipped.length ? `; ${result.skipped.length} problem(s) skipped` : ''}\n`);
    });

  build
    .command('import-dicom')
    .description('import questions about DICOM images: each file is de-identified and windowed to PNG, or refused with the reason')
    .argument('<folder>', 'folder of DICOM files (.dcm), searched recursively')
    .requiredOption('--questions <jsonl>', 'one JSON object per line: file (relative to the folder), question, answer, organ; optional as for import')
    .addOption(storeOption())
    .option('--assume-no-burned-in-text', 'accept ultrasound, secondary-capture and similar images whose header does not rule out text in the pixels (check them first)', false)
    .option('--skip-invalid', 'import what can be imported and list what was refused', false)
    .addHelpText('after', '\nOnly the windowed PNG and a record of what was removed enter the store; names, ids, dates, institution,\nfree text, UIDs and private tags never do. Compressed files: decompress first (gdcmconv --raw).')
    .action(async (folder: string, raw: { store: string; questions: string; assumeNoBurnedInText: boolean; skipInvalid: boolean }) => {
      // dcmjs is large: loaded only by the command that reads DICOM.
      const { importDicom } = await import('../build/import-dicom.js');
      const result = await withStore(ctx, raw.store, (store, display) =>
        importDicom(store, resolve(folder), resolve(raw.questions), { assumeNoBurnedInText: raw.assumeNoBurnedInText, skipInvalid: raw.skipInvalid, onProgress: display.update }),
      );
      if (!result) return;
      for (const p of result.skipped) ctx.stderr.write(`skipped: ${formatProblem(p)}\n`);
      if (result.unreferenced.length) ctx.stderr.write(`${result.unreferenced.length} DICOM file(s) no question names were left alone\n`);
      ctx.stdout.write(`imported ${result.imported} item(s), de-identified, into ${raw.store}\n`);
    });

  modelFlags(
    build
      .command('select')
      .description('difficulty filter: solver models answer every item; keep the items at most k of them get right')
      .option('--solver <spec>', 'openai-compatible:<model>[@<base-url>]; repeat for each solver', collect)
      .option('--grader <spec>', 'model that decides whether an open answer agrees with the reference')
      .option('--max-correct <k>', 'keep items at most this many solvers answer correctly', '1')
      .addOption(storeOption()),
    { temperature: '0', maxTokens: '256' },
  ).action(async (raw: Record<string, unknown>) => {
    const defaults = modelDefaults(raw);
    const solvers = ((raw.solver as string[] | undefined) ?? []).map((s) => modelClient(s, defaults));
    if (solvers.length === 0) throw new BuildError('select needs at least one --solver');
    const grader = raw.grader ? modelClient(String(raw.grader), { ...defaults, temperature: 0 }) : undefined;
    const report = await withStore(ctx, String(raw.store), (store, display, signal) =>
      selectItems(store, { solvers, ...(grader ? { grader } : {}), maxCorrect: flag('--max-correct', integer, raw.maxCorrect), concurrency: flag('--concurrency', positiveInt, raw.concurrency), signal, onProgress: display.update }),
    );
    if (!report) return;
    printSelection(ctx, report);
    for (const f of report.failures) ctx.stderr.write(`failed: ${f}\n`);
    if (report.failures.length) {
      ctx.stderr.write(`${report.failures.length} request(s) failed; run the same command again to retry them\n`);
      ctx.exit(EXIT.failed);
    }
  });

  modelFlags(
    build
      .command('respond')
      .description('the response pool: each model answers every kept item; answers stored with model name and settings')
      .option('--model <spec>', 'openai-compatible:<model>[@<base-url>]; repeat for each model (at least two)', collect)
      .addOption(storeOption()),
    { temperature: '0.7', maxTokens: '1024' },
  ).action(async (raw: Record<string, unknown>) => {
    const defaults = modelDefaults(raw);
    const models = ((raw.model as string[] | undefined) ?? []).map((s) => modelClient(s, defaults));
    const report = await withStore(ctx, String(raw.store), (store, display, signal) => respond(store, { models, concurrency: flag('--concurrency', positiveInt, raw.concurrency), signal, onProgress: display.update }));
    if (!report) return;
    for (const f of report.failures) ctx.stderr.write(`failed: ${f}\n`);
    ctx.stdout.write(`${report.items} kept item(s) x ${models.length} model(s): ${report.answered} answered now, ${report.reused} already stored, ${report.failures.length} failed\n`);
    if (report.failures.length) ctx.exit(EXIT.failed);
  });

  modelFlags(
    build
      .command('pair')
      .description('choose answer pairs per item, seeded, balancing which model sits in slot A')
      .addOption(new Option('--strategy <name>', 'random: distinct models at random; max-gap: widest quality gap by --grader; all: every pair').choices([...PAIR_STRATEGIES]).default('random'))
      .option('--seed <n>', 'seed of every random choice', '0')
      .option('--pairs-per-item <n>', 'random: pairs per item', '1')
      .option('--grader <spec>', 'max-gap: the model that rates each answer from 1 to 10')
      .option('--replace', 'draw the pairs again (refused once annotations exist)', false)
      .addOption(storeOption()),
    { temperature: '0', maxTokens: '64' },
  ).action(async (raw: Record<string, unknown>) => {
    const defaults = modelDefaults(raw);
    const grader = raw.grader ? modelClient(String(raw.grader), defaults) : undefined;
    const report = await withStore(ctx, String(raw.store), (store, display, signal) =>
      pairResponses(store, {
        strategy: raw.strategy as PairStrategy,
        seed: flag('--seed', integer, raw.seed),
        pairsPerItem: flag('--pairs-per-item', positiveInt, raw.pairsPerItem),
        ...(grader ? { grader } : {}),
        concurrency: flag('--concurrency', positiveInt, raw.concurrency),
        replace: Boolean(raw.replace),
        signal,
        onProgress: display.update,
      }),
    );
    if (!report) return;
    ctx.stdout.write(`${report.pairs} pair(s) over ${report.items} item(s)\n`);
    ctx.stdout.write(`| model | slot A | slot B |\n| --- | ---: | ---: |\n${Object.entries(report.slots).sort().map(([m, s]) => `| ${m} | ${s.a} | ${s.b} |`).join('\n')}\n`);
  });

  build
    .command('aggregate')
    .description('majority vote per dimension, agreement between annotators (Fleiss kappa, Krippendorff alpha), adjudication queue')
    .addOption(storeOption())
    .option('--json', 'print the full result as JSON', false)
    .action(async (raw: { store: string; json: boolean }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const result = await aggregate(store);
        if (raw.json) return void ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        const c = result.counts;
        ctx.stdout.write(`${c.pairs} pair(s): ${c.labelled} decided on all six dimensions, ${c.incomplete} still being labelled, ${c.queue} in the adjudication queue, ${c.ties} with a tie\n\n`);
        ctx.stdout.write(`| dimension | pairs rated by 2+ | unanimous | Fleiss' kappa | Krippendorff's alpha |\n| --- | ---: | ---: | ---: | ---: |\n`);
        const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
        for (const d of DIMENSIONS) {
          const a = result.agreement[d];
          ctx.stdout.write(`| ${d} | ${a.units} | ${a.unanimous === null ? 'n/a' : `${(100 * a.unanimous).toFixed(1)}%`} | ${f(a.fleissKappa)} | ${f(a.krippendorffAlpha)} |\n`);
        }
        const queue = result.pairs.filter((o) => o.needsAdjudication);
        if (queue.length) {
          ctx.stdout.write(`\nadjudication queue (an adjudicator settles these in mrb annotate serve):\n`);
          for (const o of queue) {
            const open = DIMENSIONS.filter((d) => o.dimensions[d].status === 'split' || ('choice' in o.dimensions[d] && o.dimensions[d].status === 'majority' && o.dimensions[d].choice === 'tie'));
            ctx.stdout.write(`  ${o.pair.pairId}: ${open.map((d) => `${d} [${o.dimensions[d].votes.join(' ')}]`).join(', ')}\n`);
          }
        }
      } finally {
        await store.close();
      }
    });

  build
    .command('export')
    .description('write the labelled pairs in the official layout (pair_gt_all/), with a dataset card and provenance')
    .requiredOption('--out <dir>', 'dataset root to write')
    .option('--name <title>', 'title of the dataset card', 'Custom Med-RewardBench')
    .option('--replace', 'overwrite an earlier export in --out', false)
    .addOption(storeOption())
    .action(async (raw: { out: string; name: string; replace: boolean; store: string }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const result = await exportBenchmark(store, resolve(raw.out), { name: raw.name, replace: raw.replace });
        ctx.stdout.write(`${result.cases} case(s) written to ${result.root} (${Object.entries(result.byOrgan).map(([o, n]) => `${o} ${n}`).join(', ')})${result.leftOut ? `; ${result.leftOut} pair(s) left out (tie, split or incomplete)` : ''}\n`);
        ctx.stdout.write(`check it with: mrb data validate ${raw.out}\n`);
      } finally {
        await store.close();
      }
    });

  build
    .command('status')
    .description('what the build store holds, step by step')
    .addOption(storeOption())
    .action(async (raw: { store: string }) => {
      const store = await openBuildStore(raw.store, { mustExist: true });
      try {
        const items = await store.items();
        ctx.stdout.write(`items: ${items.length}\n`);
        const selection = await selectionReport(store).catch(() => undefined);
        if (selection) printSelection(ctx, selection);
        const responses = await store.responses();
        ctx.stdout.write(`responses: ${responses.filter((r) => r.answer !== null).length} answered, ${responses.filter((r) => r.error !== null).length} failed\n`);
        ctx.stdout.write(`pairs: ${(await store.pairs()).length}\n`);
        const c = (await aggregate(store)).counts;
        ctx.stdout.write(`labelled pairs: ${c.labelled}; adjudication queue: ${c.queue}\n`);
      } finally {
        await store.close();
      }
    });
  return build;
}

function printSelection(ctx: CommandContext, report: Awaited<ReturnType<typeof selectionReport>>) {
  const n = report.settings.solvers.length;
  ctx.stdout.write(`kept ${report.kept.length} item(s) that at most ${report.settings.maxCorrect} of ${n} solver(s) answered correctly\n\n`);
  ctx.stdout.write(`| organ system | items | kept | ${Array.from({ length: n + 1 }, (_, i) => `solved by ${i}`).join(' | ')} | pending |\n`);
  ctx.stdout.write(`| --- | ---: | ---: | ${Array.from({ length: n + 1 }, () => '---:').join(' | ')} | ---: |\n`);
  for (const o of report.byOrgan) ctx.stdout.write(`| ${o.organ} | ${o.items} | ${o.kept} | ${o.solvedBy.join(' | ')} | ${o.pending} |\n`);
}
