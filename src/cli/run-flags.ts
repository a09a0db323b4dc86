import { Command, Option } from 'commander';
import { DEFAULT_JUDGE_CONFIG, type JudgeConfig } from '../judges/judge-config.js';
import { DEFAULT_JUDGES, judgeConfigOf } from '../judges/judge-spec.js';
import { DEFAULT_RETRY_POLICY } from '../runner/retry.js';
import { readRunConfig, type RunConfig } from '../runner/run-config.js';
import type { RunOptions } from '../runner/run-benchmark.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { UsageError } from './cli-error.js';
import { defaultStore, flag, integer, list, nonNegativeNumber, positiveInt, positiveNumber, SAMPLE_DATA } from './options.js';

const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** The flags that say what a run is: shared by `mrb run`, `mrb plan` and `mrb batch export`. */
export function addRunFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'a YAML or JSON file listing judges and run settings (flags given too override its run settings)')
    .option('--data <path>', 'dataset root, its pair_gt_all/ folder, or one .parquet/.jsonl file (default: the bundled sample)')
    .option('--organs <list>', 'only these organ systems, comma-separated')
    .option('--judge <spec>', 'baseline:<random|always-a|always-b|longer>, openai:<model>, openai-compatible:<model>, anthropic:<model>, google:<model>, reward:<model> (reward-http:<name> in a config file); repeat for several', collect)
    .option('--base-url <url>', 'server of the judges (comma-separated for replicas of one model), e.g. http://127.0.0.1:8000/v1')
    .option('--api-key-env <name>', 'environment variable holding the API key (defaults: OPENAI_API_KEY for OpenAI or $OPENAI_BASE_URL, ANTHROPIC_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY)')
    .addOption(new Option('--mode <mode>', 'pairwise: compare both answers (the paper); pointwise: rate each answer 1-10').choices(['pairwise', 'pointwise']))
    .addOption(new Option('--prompt <name>', 'paper (the reference prompt) or rubric (dimensions defined in clinical terms)').choices(['paper', 'rubric']))
    .option('--prompt-file <file>', 'your own prompt template with {question}, {answer_a}, {answer_b} (pointwise: {answer}) and optionally {dimensions}')
    .option('--temperature <t>', `sampling temperature (default ${DEFAULT_JUDGE_CONFIG.temperature})`)
    .option('--max-tokens <n>', `maximum tokens per answer (default ${DEFAULT_JUDGE_CONFIG.maxTokens})`)
    .option('--timeout <seconds>', `per-request timeout (default ${DEFAULT_JUDGE_CONFIG.timeoutMs / 1000})`)
    .option('--thinking', "the reference's thinking line, plus the model's own reasoning switch (vLLM enable_thinking, OpenAI reasoning effort, Claude and Gemini thinking)")
    .option('--structured', "ask for the verdict through the API's JSON-schema output where it has one")
    .option('--samples <k>', 'samples per case and order, combined by majority vote per dimension (default 1)')
    .option('--seed <n>', 'seed of baseline:random and of the bootstrap; when given, also sent to APIs that take one (sample i gets seed + i)')
    .option('--price-input <dollars>', 'price per million input tokens, for cost reports and --max-cost')
    .option('--price-output <dollars>', 'price per million output tokens')
    .option('--max-pixels <n>', 'resize images to at most this many pixels before sending (e.g. 1000000)')
    .addOption(new Option('--orders <which>', 'original: the dataset order only (the paper); both: also swapped').choices(['original', 'both']))
    .addOption(new Option('--parser <name>', 'strict fixes the reference parser; official reproduces it').choices(['strict', 'official']))
    .option('--concurrency <n>', 'requests in flight at once (default 16)')
    .option('--max-attempts <n>', 'attempts per request before it is recorded as an error', String(DEFAULT_RETRY_POLICY.maxAttempts))
    .option('--max-failures-in-a-row <n>', 'stop the run when this many requests in a row to one judge fail', '10')
    .option('--max-cost <dollars>', 'stop before the run would spend more than this (needs prices)')
    .option('--store <path>', 'the store: a SQLite file, or a postgres:// URL shared by many workers (env MRB_STORE)')
    .option('--run <id>', 'run id; by default derived from the data and settings, so the same command resumes the same run')
    .option('--skip-invalid', 'judge the valid cases of invalid data and report what was skipped', false)
    .option('--join <run-id>', "add this process as one more worker on a run made elsewhere (its judges and settings come from the store; --base-url names this worker's own server, --data its copy of the dataset)");
}

/** Turns the flags (and the config file they name) into the library's run options. */
export function runOptionsFromFlags(raw: Record<string, unknown>): RunOptions & { out?: string; seed: number } {
  if (raw.join) return joinOptionsFromFlags(raw);
  const config: RunConfig | undefined = raw.config ? readRunConfig(raw.config as string) : undefined;
  const seedGiven = raw.seed !== undefined;
  const seed = seedGiven ? flag('--seed', integer, raw.seed) : 0;
  const specs = [...new Set((raw.judge as string[] | undefined) ?? (config ? [] : DEFAULT_JUDGES))];
  const judges: JudgeConfig[] = [...(config?.judges ?? []), ...specs.map((spec) => judgeConfigOf(spec, judgeFlags(raw, seed, seedGiven)))];
  if (judges.length === 0) throw new UsageError('no judge: pass --judge <spec> or list judges in the config file');
  refusePromptingFlagsWithoutChatJudge(raw, specs);
  const orders = (raw.orders as string | undefined) ?? (config?.orders ? undefined : 'both');
  const maxCost = raw.maxCost !== undefined ? flag('--max-cost', positiveNumber, raw.maxCost) : config?.maxCost;
  if (maxCost !== undefined && judges.some((j) => !j.spec.startsWith('baseline:') && !j.price)) {
    throw new UsageError('--max-cost needs a price for every judge: --price-input and --price-output, or price: in the config file');
  }
  const organs = list(raw.organs as string | undefined);
  const out = (raw.out as string | undefined) ?? config?.out;
  return {
    data: (raw.data as string | undefined) ?? config?.data ?? SAMPLE_DATA,
    ...(organs ? { organs } : {}),
    judges,
    orders: orders === undefined ? config!.orders! : orders === 'both' ? ['AB', 'BA'] : ['AB'],
    parser: ((raw.parser as string | undefined) ?? config?.parser ?? 'strict') as ParserName,
    store: (raw.store as string | undefined) ?? config?.store ?? defaultStore(),
    ...(raw.run ? { runId: raw.run as string } : {}),
    concurrency: raw.concurrency !== undefined ? flag('--concurrency', positiveInt, raw.concurrency) : (config?.concurrency ?? 16),
    skipInvalid: raw.skipInvalid as boolean,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: Number(process.env.MRB_RETRY_BASE_MS ?? DEFAULT_RETRY_POLICY.baseDelayMs),
      maxAttempts: flag('--max-attempts', positiveInt, raw.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts),
    },
    maxFailuresInARow: flag('--max-failures-in-a-row', positiveInt, raw.maxFailuresInARow ?? 10),
    ...(maxCost !== undefined ? { maxCost } : {}),
    ...(out ? { out } : {}),
    seed,
  };
}

// Flags that shape a prompt or its sampling: they mean nothing to a baseline or a reward model.
const PROMPTING_FLAGS = { mode: '--mode', prompt: '--prompt', promptFile: '--prompt-file', samples: '--samples', thinking: '--thinking', structured: '--structured', temperature: '--temperature', maxTokens: '--max-tokens' } as const;

/** A setting that would silently do nothing is refused: at least one `--judge` must be a chat judge to take it. */
function refusePromptingFlagsWithoutChatJudge(raw: Record<string, unknown>, specs: readonly string[]): void {
  if (specs.length === 0 || specs.some((spec) => !/^(baseline|reward|reward-http):/.test(spec))) return;
  const given = Object.entries(PROMPTING_FLAGS).filter(([key]) => raw[key] !== undefined && raw[key] !== false).map(([, name]) => name);
  if (given.length > 0) {
    throw new UsageError(`${given.join(', ')} ${given.length === 1 ? 'does' : 'do'} not apply to ${specs.join(', ')}: baselines send nothing, and a reward model scores each answer once, with no prompt, mode or sampling`);
  }
}

/** The judge settings the flags give to every `--judge`. */
function judgeFlags(raw: Record<string, unknown>, seed: number, seedGiven: boolean): Partial<Omit<JudgeConfig, 'spec'>> {
  if (raw.prompt !== undefined && raw.promptFile !== undefined) throw new UsageError('give --prompt or --prompt-file, not both');
  const priceGiven = raw.priceInput !== undefined || raw.priceOutput !== undefined;
  if (priceGiven && (raw.priceInput === undefined || raw.priceOutput === undefined)) throw new UsageError('give both --price-input and --price-output');
  const baseUrls = list(raw.baseUrl as string | undefined);
  return {
    ...(baseUrls && baseUrls.length > 0 ? { baseUrls } : {}),
    ...(raw.apiKeyEnv ? { apiKeyEnv: raw.apiKeyEnv as string } : {}),
    ...(raw.mode ? { mode: raw.mode as 'pairwise' | 'pointwise' } : {}),
    prompt: raw.promptFile ? { file: raw.promptFile as string } : { builtin: ((raw.prompt as string | undefined) ?? 'paper') as 'paper' | 'rubric' },
    ...(raw.temperature !== undefined ? { temperature: flag('--temperature', nonNegativeNumber, raw.temperature) } : {}),
    ...(raw.maxTokens !== undefined ? { maxTokens: flag('--max-tokens', positiveInt, raw.maxTokens) } : {}),
    ...(raw.timeout !== undefined ? { timeoutMs: flag('--timeout', positiveNumber, raw.timeout) * 1000 } : {}),
    thinking: Boolean(raw.thinking),
    structured: Boolean(raw.structured),
    samples: raw.samples !== undefined ? flag('--samples', positiveInt, raw.samples) : 1,
    seed,
    sendSeed: seedGiven,
    ...(priceGiven ? { price: { input: flag('--price-input', nonNegativeNumber, raw.priceInput), output: flag('--price-output', nonNegativeNumber, raw.priceOutput) } } : {}),
    ...(raw.maxPixels !== undefined ? { maxPixels: flag('--max-pixels', positiveInt, raw.maxPixels) } : {}),
  };
}

/** A worker joining a run: everything but where to send, where the data is and how fast comes from the store. */
function joinOptionsFromFlags(raw: Record<string, unknown>): RunOptions & { out?: string; seed: number } {
  for (const flagName of ['config', 'judge', 'mode', 'prompt', 'promptFile', 'samples', 'orders', 'parser', 'run', 'organs']) {
    if (raw[flagName] !== undefined) throw new UsageError(`--join takes the run's own settings; leave out --${flagName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  const baseUrls = list(raw.baseUrl as string | undefined);
  const data = raw.data as string | undefined;
  return {
    data: data ?? '',
    judges: [],
    orders: ['AB'],
    parser: 'strict',
    store: (raw.store as string | undefined) ?? defaultStore(),
    concurrency: raw.concurrency !== undefined ? flag('--concurrency', positiveInt, raw.concurrency) : 16,
    skipInvalid: false,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: Number(process.env.MRB_RETRY_BASE_MS ?? DEFAULT_RETRY_POLICY.baseDelayMs),
      maxAttempts: flag('--max-attempts', positiveInt, raw.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts),
    },
    maxFailuresInARow: flag('--max-failures-in-a-row', positiveInt, raw.maxFailuresInARow ?? 10),
    join: { runId: raw.join as string, ...(baseUrls && baseUrls.length > 0 ? { baseUrls } : {}), ...(data ? { data } : {}) },
    ...(raw.out ? { out: raw.out as string } : {}),
    seed: raw.seed !== undefined ? flag('--seed', integer, raw.seed) : 0,
  };
}
