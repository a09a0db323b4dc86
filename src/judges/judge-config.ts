import type { JudgeMode } from '../protocol/judge-mode.js';

/** Price in US dollars per million tokens, as providers publish it. */
export interface TokenPrice {
  readonly input: number;
  readonly output: number;
}

/** The prompt of a generative judge: one of ours, or a user's template file. */
export type PromptChoice = { readonly builtin: 'paper' | 'rubric' } | { readonly file: string };

/** `reward-http:<name>`: where to send an answer and where its score is in the reply. */
export interface RewardHttpConfig {
  readonly url: string;
  readonly requestTemplate: unknown;
  readonly scorePath: string;
}

/** Everything that makes one judge, from flags or from one entry of a config file. */
export interface JudgeConfig {
  /** `kind:model`, e.g. `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`, `reward:Skywork/...`. */
  readonly spec: string;
  /** How the judge is named in the store and in reports; by default the spec with what sets it apart. */
  readonly name?: string;
  /** One URL, or several replicas of one model (requests go to the least busy). */
  readonly baseUrls?: readonly string[];
  readonly apiKeyEnv?: string;
  readonly mode: Exclude<JudgeMode, 'reward'>;
  readonly prompt: PromptChoice;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  /** The paper prompt's thinking line, and the model's own reasoning switch where the API has one. */
  readonly thinking: boolean;
  readonly structured: boolean;
  readonly samples: number;
  /** Sent to APIs that take one (sample i gets seed + i); also seeds baseline:random. */
  readonly seed: number;
  /** Whether `seed` is sent to the model at all (an explicit --seed, or seed in a config). */
  readonly sendSeed: boolean;
  /** Requests in flight to this judge at most; adaptive below it. */
  readonly concurrency?: number;
  readonly price?: TokenPrice;
  /** Resize images to at most this many pixels before sending. */
  readonly maxPixels?: number;
  readonly rewardHttp?: RewardHttpConfig;
}

export const DEFAULT_JUDGE_CONFIG: Omit<JudgeConfig, 'spec'> = {
  mode: 'pairwise',
  prompt: { builtin: 'paper' },
  temperature: 0.1,
  maxTokens: 4096,
  timeoutMs: 120_000,
  thinking: false,
  structured: false,
  samples: 1,
  seed: 0,
  sendSeed: false,
};

/**
 * The same model judged another way is another judge: the name says how (pointwise, rubric,
 * thinking, samples), so leaderboards never mix them up.
 */
export function defaultJudgeName(config: JudgeConfig): string {
  if (config.spec.startsWith('baseline:')) return config.spec;
  const marks: string[] = [];
  if (config.mode === 'pointwise' && !config.spec.startsWith('reward')) marks.push('pointwise');
  if ('file' in config.prompt) marks.push(`prompt ${config.prompt.file.split(/[\\/]/).pop()}`);
  else if (config.prompt.builtin !== 'paper') marks.push(config.prompt.builtin);
  if (config.thinking) marks.push('thinking');
  if (config.structured) marks.push('structured');
  if (config.samples > 1) marks.push(`k=${config.samples}`);
  return marks.length > 0 ? `${config.spec} [${marks.join(', ')}]` : config.spec;
}
