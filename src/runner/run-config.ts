import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { DEFAULT_JUDGE_CONFIG, type JudgeConfig, type PromptChoice, type RewardHttpConfig, type TokenPrice } from '../judges/judge-config.js';
import type { Order } from '../protocol/verdict.js';
import type { ParserName } from '../protocol/verdict-parser.js';

/** A config file problem, pointing at the line and key. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

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
  else judgesNode.forEach((entry, i) => {
    const config = readJudge(entry, ['judges', i], base, problem);
    if (config) judges.push(config);
  });

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

function readJudge(entry: unknown, p: Path, base: string, problem: (p: Path, m: string) => void): JudgeConfig | undefined {
  if (!isPlainObject(entry)) {
    problem(p, 'expected a mapping with spec (or provider and model)');
    return undefined;
  }
  unknownKeys(entry, JUDGE_KEYS, p, problem);
  const r = new FieldReader(entry, p, problem);
  const provider = r.string('provider');
  const model = r.string('model');
  let spec = r.string('spec');
  if (spec === undefined && provider !== undefined) spec = `${provider}:${model ?? ''}`;
  if (spec === undefined) {
    problem(p, 'needs spec (e.g. openai:gpt-4o) or provider and model');
    return undefined;
  }
  const baseUrl = r.string('base_url');
  const baseUrls = r.stringList('base_urls');
  if (baseUrl !== undefined && baseUrls !== undefined) problem([...p, 'base_urls'], 'give base_url or base_urls, not both');
  const promptName = r.oneOf('prompt', ['paper', 'rubric'] as const);
  const promptFile = r.path('prompt_file', base);
  if (promptName !== undefined && promptFile !== undefined) problem([...p, 'prompt_file'], 'give prompt or prompt_file, not both');
  const prompt: PromptChoice = promptFile !== undefined ? { file: promptFile } : { builtin: promptName ?? 'paper' };
  const seed = r.number('seed', { integer: true });
  const timeout = r.number('timeout', { min: 0, exclusiveMin: true });
  const price = readPrice(entry.price, [...p, 'price'], problem);
  const url = r.string('url');
  const scorePath = r.string('score_path');
  const template = entry.request_template;
  let rewardHttp: RewardHttpConfig | undefined;
  if (spec.startsWith('reward-http:')) {
    if (url === undefined) problem(p, 'a reward-http judge needs url');
    if (scorePath === undefined) problem(p, 'a reward-http judge needs score_path (e.g. score or data.0.reward)');
    if (template === undefined || template === null || typeof template !== 'object') problem(p, 'a reward-http judge needs request_template (a JSON body with {{question}}, {{answer}}, {{image_base64}}...)');
    if (url !== undefined && scorePath !== undefined && template && typeof template === 'object') rewardHttp = { url, scorePath, requestTemplate: template };
  }
  return {
    ...DEFAULT_JUDGE_CONFIG,
    spec,
    prompt,
    ...optional('name', r.string('name')),
    ...optional('baseUrls', baseUrls ?? (baseUrl !== undefined ? [baseUrl] : undefined)),
    ...optional('apiKeyEnv', r.string('api_key_env')),
    ...optional('mode', r.oneOf('mode', ['pairwise', 'pointwise'] as const)),
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

function keyPath(p: Path): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}


