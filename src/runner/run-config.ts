import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { DEFAULT_JUDGE_CONFIG, defaultJudgeName, type JudgeConfig, type PromptChoice, type RewardHttpConfig, type TokenPrice } from '../judges/judge-config.js';
import { BASELINES } from '../judges/baselines.js';
import { JUDGE_KINDS, splitSpec, type JudgeKind } from '../judges/judge-spec.js';
import { PromptFileError, readPairwisePromptFile, readPointwisePromptFile } from '../protocol/prompt-file.js';
import type { Order } from '../protocol/verdict.js';
import { ProviderConfigError } from '../providers/chat.js';
import { parseScorePath, unknownPlaceholders } from '../providers/reward-http.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import { ConfigError } from './config-error.js';

/** What a config file may set for a whole run; unset keys fall back to the command's flags. */
export interface RunConfig {
  readonly data?: string;
  readonly store?: string;
  readonly out?: string;
  readonly orders?: readonly Order[];
  readonly parser?: ParserName;
  readonly concurrency?: number;
  readonly maxCost?: number;
  readonly judges: readonly JudgeConfig[];
}

type Path = ReadonlyArray<string | number>;

const RUN_KEYS = ['data', 'store', 'out', 'orders', 'parser', 'concurrency', 'max_cost', 'judges'] as const;
const JUDGE_KEYS = [
  'spec', 'provider', 'model', 'name', 'base_url', 'base_urls', 'api_key_env', 'mode', 'prompt', 'prompt_file', 'temperature', 'max_tokens',
  'timeout', 'thinking', 'structured', 'samples', 'seed', 'concurrency', 'price', 'max_pixels', 'url', 'request_template', 'score_path',
] as const;

/**
 * Reads a run's config file (YAML, or JSON, which YAML reads too). Every problem is reported at
 * once, each with its line and key path; relative paths are taken from the file's folder.
 */
export function readRunConfig(path: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: string[] = [];
  const at = (p: Path) => {
    const node = p.length === 0 ? doc.contents : (doc.getIn(p, true) as Node | undefined);
    const offset = node?.range?.[0];
    const line = offset !== undefined ? `:${lines.linePos(offset).line}` : '';
    return `${path}${line}`;
  };
  const problem = (p: Path, message: string) => problems.push(`${at(p)}: ${p.length > 0 ? `${keyPath(p)}: ` : ''}${message}`);
  for (const error of doc.errors) problems.push(`${path}:${lines.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`);
  if (problems.length > 0) throw new ConfigError(problems);

  const base = dirname(resolve(path));
  const root = doc.toJS() as unknown;
  if (!isPlainObject(root)) throw new ConfigError([`${path}: expected a mapping with a judges: list`]);
  unknownKeys(root, RUN_KEYS, [], problem);
  const reader = new FieldReader(root, [], problem);
  const judgesNode = root.judges;
  const judges: JudgeConfig[] = [];
  if (!Array.isArray(judgesNode) || judgesNode.length === 0) problem(['judges'], 'expected a list of at least one judge');
  else {
    const named = new Map<string, number>();
    judgesNode.forEach((entry, i) => {
      const config = readJudge(entry, ['judges', i], base, problem);
      if (!config) return;
      judges.push(config);
      // Two judges under one name would share their rows in the store and in every report.
      const name = config.name ?? defaultJudgeName(config);
      const first = named.get(name);
      if (first !== undefined) problem(['judges', i], `judges[${first}] has the same name "${name}"; give one of them a different name`);
      else named.set(name, i);
    });
  }

  const orders = reader.oneOf('orders', ['original', 'both'] as const);
  const config: RunConfig = {
    judges,
    ...optional('data', reader.path('data', base)),
    ...optional('store', reader.path('store', base)),
    ...optional('out', reader.path('out', base)),
    ...optional('orders', orders === undefined ? undefined : orders === 'both' ? (['AB', 'BA'] as const) : (['AB'] as const)),
    ...optional('parser', reader.oneOf('parser', ['strict', 'official'] as const)),
    ...optional('concurrency', reader.number('concurrency', { integer: true, min: 1 })),
    ...optional('maxCost', reader.number('max_cost', { min: 0 })),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

// Keys each kind reads. A key a kind would ignore is refused, so a setting never silently does nothing.
const CHAT_JUDGE_KEYS = [
  'spec', 'provider', 'model', 'name', 'base_url', 'base_urls', 'api_key_env', 'mode', 'prompt', 'prompt_file', 'temperature', 'max_tokens',
  'timeout', 'thinking', 'structured', 'samples', 'seed', 'concurrency', 'price', 'max_pixels',
] as const;
const REWARD_SERVING_KEYS = ['spec', 'provider', 'model', 'name', 'api_key_env', 'timeout', 'concurrency', 'price', 'max_pixels'] as const;
const KEYS_OF_KIND: Record<JudgeKind, readonly string[]> = {
  baseline: ['spec', 'provider', 'model', 'name', 'seed'],
  openai: CHAT_JUDGE_KEYS,
  'openai-compatible': CHAT_JUDGE_KEYS,
  anthropic: CHAT_JUDGE_KEYS,
  google: CHAT_JUDGE_KEYS,
  reward: [...REWARD_SERVING_KEYS, 'base_url', 'base_urls'],
  'reward-http': [...REWARD_SERVING_KEYS, 'url', 'request_template', 'score_path'],
};
const PROMPTING_KEYS: readonly string[] = ['mode', 'prompt', 'prompt_file', 'temperature', 'max_tokens', 'thinking', 'structured', 'samples', 'seed'];

/** Why a key does nothing for a kind, in the words a user needs to fix the file. */
function notForKind(kind: JudgeKind, key: string): string {
  if (kind === 'baseline') return 'does not apply to a baseline judge: it sends nothing and takes only name and seed';
  if ((kind === 'reward' || kind === 'reward-http') && PROMPTING_KEYS.includes(key)) {
    return `does not apply to a ${kind} judge: a reward model scores each answer once, with no prompt, mode or sampling`;
  }
  if (kind === 'reward-http') return 'does not apply to a reward-http judge: it sends to its url';
  return 'only a reward-http judge takes url, request_template and score_path';
}

function readJudge(entry: unknown, p: Path, base: string, problem: (p: Path, m: string) => void): JudgeConfig | undefined {
  if (!isPlainObject(entry)) {
    problem(p, 'expected a mapping with spec (or provider and model)');
    return undefined;
  }
  unknownKeys(entry, JUDGE_KEYS, p, problem);
  const ids = new FieldReader(entry, p, problem);
  const provider = ids.string('provider');
  const model = ids.string('model');
  let spec = ids.string('spec');
  if (spec !== undefined && (provider !== undefined || model !== undefined)) problem(p, 'give spec, or provider and model, not both');
  if (spec === undefined && provider !== undefined) spec = `${provider}:${model ?? ''}`;
  if (spec === undefined) {
    problem(p, 'needs spec (e.g. openai:gpt-4o) or provider and model');
    return undefined;
  }
  const specKey = entry.spec !== undefined ? 'spec' : 'provider';
  const { kind, model: modelName } = splitSpec(spec);
  if (!(JUDGE_KINDS as readonly string[]).includes(kind)) {
    problem([...p, specKey], `unknown judge kind "${kind}"; use one of ${JUDGE_KINDS.join(', ')}`);
    return undefined;
  }
  const judgeKind = kind as JudgeKind;
  if (judgeKind === 'baseline' && !(BASELINES as readonly string[]).includes(modelName)) {
    problem([...p, specKey], `unknown baseline "${modelName}"; choose one of ${BASELINES.join(', ')}`);
  } else if (judgeKind !== 'baseline' && modelName === '') {
    problem([...p, entry.spec !== undefined ? 'spec' : 'model'], `${kind} needs a model name: ${kind}:<model>`);
  }
  const applicable = KEYS_OF_KIND[judgeKind];
  for (const key of Object.keys(entry)) {
    if ((JUDGE_KEYS as readonly string[]).includes(key) && !applicable.includes(key)) problem([...p, key], notForKind(judgeKind, key));
  }
  // Keys refused above are not read as well: one problem per key.
  const r = new FieldReader(Object.fromEntries(Object.entries(entry).filter(([key]) => applicable.includes(key))), p, problem);
  const baseUrl = r.url('base_url');
  const baseUrls = r.urlList('base_urls');
  if (baseUrl !== undefined && baseUrls !== undefined) problem([...p, 'base_urls'], 'give base_url or base_urls, not both');
  if (judgeKind === 'reward' && entry.base_url === undefined && entry.base_urls === undefined) {
    problem(p, 'a reward judge needs base_url: its vLLM server (vllm serve <rm> --runner pooling), e.g. http://127.0.0.1:8000');
  }
  const mode = r.oneOf('mode', ['pairwise', 'pointwise'] as const);
  const promptName = r.oneOf('prompt', ['paper', 'rubric'] as const);
  const promptFile = r.path('prompt_file', base);
  if (promptName !== undefined && promptFile !== undefined) problem([...p, 'prompt_file'], 'give prompt or prompt_file, not both');
  if (mode === 'pointwise' && promptName === 'rubric') problem([...p, 'prompt'], 'rubric is a pairwise prompt; a pointwise judge uses its own rating prompt or prompt_file');
  if (promptFile !== undefined) {
    try {
      if (mode === 'pointwise') readPointwisePromptFile(promptFile);
      else readPairwisePromptFile(promptFile);
    } catch (error) {
      if (!(error instanceof PromptFileError)) throw error;
      problem([...p, 'prompt_file'], error.message.replace(/^--prompt-file /, ''));
    }
  }
  const prompt: PromptChoice = promptFile !== undefined ? { file: promptFile } : { builtin: promptName ?? 'paper' };
  const seed = r.number('seed', { integer: true });
  const timeout = r.number('timeout', { min: 0, exclusiveMin: true });
  const price = entry.price === undefined || !applicable.includes('price') ? undefined : readPrice(entry.price, [...p, 'price'], problem);
  const url = r.url('url');
  const scorePath = r.string('score_path');
  const template = applicable.includes('request_template') ? entry.request_template : undefined;
  let rewardHttp: RewardHttpConfig | undefined;
  if (judgeKind === 'reward-http') {
    if (entry.url === undefined) problem(p, 'a reward-http judge needs url');
    if (entry.score_path === undefined) problem(p, 'a reward-http judge needs score_path (e.g. score or data.0.reward)');
    const templateOk = template !== undefined && template !== null && typeof template === 'object';
    if (!templateOk) problem(template === undefined ? p : [...p, 'request_template'], 'a reward-http judge needs request_template (a JSON body with {{question}}, {{answer}}, {{image_base64}}...)');
    const unknown = templateOk ? unknownPlaceholders(template) : [];
    if (unknown.length > 0) problem([...p, 'request_template'], `unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(', ')}; known: {{model}}, {{question}}, {{answer}}, {{image_base64}}, {{image_mime}}, {{image_data_url}}`);
    let pathOk = scorePath !== undefined;
    if (scorePath !== undefined) {
      try {
        parseScorePath(scorePath);
      } catch (error) {
        if (!(error instanceof ProviderConfigError)) throw error;
        problem([...p, 'score_path'], error.message);
        pathOk = false;
      }
    }
    if (url !== undefined && pathOk && templateOk && unknown.length === 0) rewardHttp = { url, scorePath: scorePath!, requestTemplate: template };
  }
  return {
    ...DEFAULT_JUDGE_CONFIG,
    spec,
    prompt,
    ...optional('name', r.string('name')),
    ...optional('baseUrls', baseUrls ?? (baseUrl !== undefined ? [baseUrl] : undefined)),
    ...optional('apiKeyEnv', r.string('api_key_env')),
    ...optional('mode', mode),
    ...optional('temperature', r.number('temperature', { min: 0 })),
    ...optional('maxTokens', r.number('max_tokens', { integer: true, min: 1 })),
    ...optional('timeoutMs', timeout === undefined ? undefined : timeout * 1000),
    ...optional('thinking', r.boolean('thinking')),
    ...optional('structured', r.boolean('structured')),
    ...optional('samples', r.number('samples', { integer: true, min: 1 })),
    ...(seed !== undefined ? { seed, sendSeed: true } : {}),
    ...optional('concurrency', r.number('concurrency', { integer: true, min: 1 })),
    ...optional('price', price),
    ...optional('maxPixels', r.number('max_pixels', { integer: true, min: 1 })),
    ...optional('rewardHttp', rewardHttp),
  };
}

function readPrice(value: unknown, p: Path, problem: (p: Path, m: string) => void): TokenPrice | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problem(p, 'expected {input: <$ per million input tokens>, output: <$ per million output tokens>}');
    return undefined;
  }
  unknownKeys(value, ['input', 'output'], p, problem);
  const r = new FieldReader(value, p, problem);
  const input = r.number('input', { min: 0 });
  const output = r.number('output', { min: 0 });
  if (input === undefined || output === undefined) {
    problem(p, 'needs both input and output (dollars per million tokens)');
    return undefined;
  }
  return { input, output };
}

/** Reads typed fields of one mapping, reporting each misfit at its own key. */
class FieldReader {
  constructor(
    private readonly object: Record<string, unknown>,
    private readonly at: Path,
    private readonly problem: (p: Path, m: string) => void,
  ) {}

  private fail(key: string, expected: string): undefined {
    this.problem([...this.at, key], `expected ${expected}, got ${JSON.stringify(this.object[key])}`);
    return undefined;
  }

  string(key: string): string | undefined {
    const v = this.object[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' && v.trim() !== '' ? v : this.fail(key, 'a non-empty string');
  }

  /** An http(s) URL, as the providers require; checked here so the file's line can be named. */
  url(key: string): string | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    return isHttpUrl(v) ? v : this.fail(key, 'an http(s) URL (e.g. http://127.0.0.1:8000/v1)');
  }

  urlList(key: string): string[] | undefined {
    const v = this.stringList(key);
    if (v === undefined) return undefined;
    let ok = true;
    v.forEach((u, i) => {
      if (!isHttpUrl(u)) {
        ok = false;
        this.problem([...this.at, key, i], `expected an http(s) URL (e.g. http://127.0.0.1:8000/v1), got ${JSON.stringify(u)}`);
      }
    });
    return ok ? v : undefined;
  }

  path(key: string, base: string): string | undefined {
    const v = this.string(key);
    return v === undefined ? undefined : resolve(base, v);
  }

  stringList(key: string): string[] | undefined {
    const v = this.object[key];
    if (v === undefined || v === null) return undefined;
    return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s !== '') ? (v as string[]) : this.fail(key, 'a list of strings');
  }

  boolean(key: string): boolean | undefined {
    const v = this.object[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  number(key: string, rule: { integer?: boolean; min?: number; exclusiveMin?: boolean } = {}): number | undefined {
    const v = this.object[key];
    if (v === undefined || v === null) return undefined;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!rule.integer || Number.isInteger(v)) &&
      (rule.min === undefined || (rule.exclusiveMin ? v > rule.min : v >= rule.min));
    if (ok) return v;
    const kind = rule.integer ? 'a whole number' : 'a number';
    return this.fail(key, rule.min === undefined ? kind : `${kind} ${rule.exclusiveMin ? 'above' : 'of at least'} ${rule.min}`);
  }

  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const v = this.object[key];
    if (v === undefined || v === null) return undefined;
    return (choices as readonly unknown[]).includes(v) ? (v as T) : this.fail(key, `one of ${choices.join(', ')}`);
  }
}

function unknownKeys(object: Record<string, unknown>, known: readonly string[], at: Path, problem: (p: Path, m: string) => void): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) problem([...at, key], `unknown key; expected one of ${known.join(', ')}`);
  }
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

function keyPath(p: Path): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
