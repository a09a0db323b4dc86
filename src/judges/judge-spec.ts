import { paperPrompt } from '../protocol/paper-prompt.js';
import { pointwisePrompt } from '../protocol/pointwise-prompt.js';
import { readPairwisePromptFile, readPointwisePromptFile } from '../protocol/prompt-file.js';
import { rubricPrompt } from '../protocol/rubric-prompt.js';
import { PAIRWISE_VERDICT_SCHEMA, POINTWISE_RATING_SCHEMA } from '../protocol/verdict-schema.js';
import { fixedLimit, limitedChat, limitedReward } from '../providers/adaptive-limit.js';
import { Endpoints } from '../providers/endpoint.js';
import { anthropicProvider } from '../providers/anthropic.js';
import type { ChatProvider } from '../providers/chat.js';
import { googleProvider } from '../providers/google.js';
import { openAICompatibleProvider, OPENAI_DEFAULT_BASE_URL } from '../providers/openai-compatible.js';
import { replicaSet, rewardReplicaSet } from '../providers/replica-set.js';
import type { RewardProvider } from '../providers/reward.js';
import { rewardHttpProvider, unknownPlaceholders } from '../providers/reward-http.js';
import { vllmPoolingProvider } from '../providers/vllm-pooling.js';
import { BASELINES, baselineJudge, type BaselineName } from './baselines.js';
import type { ChatJudgeOptions } from './chat-judge-options.js';
import { IMAGE_POLICIES } from './image-preparation.js';
import { DEFAULT_JUDGE_CONFIG, defaultJudgeName, type JudgeConfig } from './judge-config.js';
import type { Judge } from './judge.js';
import { pairwiseJudge } from './pairwise-judge.js';
import { pointwiseJudge } from './pointwise-judge.js';
import { rewardJudge } from './reward-judge.js';
import { JudgeSpecError } from './judge-spec-error.js';

export const DEFAULT_JUDGES: readonly string[] = BASELINES.map((b) => `baseline:${b}`);

export const JUDGE_KINDS = ['baseline', 'openai', 'openai-compatible', 'anthropic', 'google', 'reward', 'reward-http'] as const;
export type JudgeKind = (typeof JUDGE_KINDS)[number];

/** `kind:model`; the model may itself contain colons (`llava:13b` on Ollama). */
export function splitSpec(spec: string): { kind: string; model: string } {
  const colon = spec.indexOf(':');
  return colon < 0 ? { kind: spec, model: '' } : { kind: spec.slice(0, colon), model: spec.slice(colon + 1) };
}

function isJudgeKind(kind: string): kind is JudgeKind {
  return (JUDGE_KINDS as readonly string[]).includes(kind);
}

/** A judge from a spec and the run's flags: the shortcut for `--judge` without a config file. */
export function judgeConfigOf(spec: string, overrides: Partial<Omit<JudgeConfig, 'spec'>> = {}): JudgeConfig {
  return { ...DEFAULT_JUDGE_CONFIG, ...overrides, spec };
}

/**
 * One judge. Judges of one run share `endpoints`: two judges on one server then share its adaptive
 * limit and its 429 back-off.
 */
export function createJudge(config: JudgeConfig, endpoints: Endpoints = new Endpoints()): Judge {
  const { kind, model } = splitSpec(config.spec);
  if (!isJudgeKind(kind)) {
    throw new JudgeSpecError(`unknown judge kind "${kind}" in ${config.spec}; use one of ${JUDGE_KINDS.map((k) => `${k}:`).join(', ')}`);
  }
  const name = config.name ?? defaultJudgeName(config);
  if (kind === 'baseline') {
    if (!(BASELINES as readonly string[]).includes(model)) {
      throw new JudgeSpecError(`unknown baseline "${model}" in ${config.spec}; choose one of ${BASELINES.join(', ')}`);
    }
    return baselineJudge(model as BaselineName, config.seed);
  }
  if (model === '') throw new JudgeSpecError(`${config.spec} needs a model name: ${kind}:<model>`);
  const imagePolicy = { ...IMAGE_POLICIES[kind], ...(config.maxPixels !== undefined ? { maxPixels: config.maxPixels } : {}) };
  if (kind === 'reward' || kind === 'reward-http') {
    return rewardJudge({ name, provider: rewardProviderOf(kind, config, endpoints), model, timeoutMs: config.timeoutMs, imagePolicy });
  }
  const options: ChatJudgeOptions = {
    name,
    provider: chatProviderOf(kind, config, endpoints),
    model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    timeoutMs: config.timeoutMs,
    thinking: config.thinking,
    samples: config.samples,
    imagePolicy,
    ...(config.sendSeed ? { seed: config.seed } : {}),
    ...(config.structured ? { replySchema: config.mode === 'pairwise' ? PAIRWISE_VERDICT_SCHEMA : POINTWISE_RATING_SCHEMA } : {}),
  };
  if (config.mode === 'pointwise') {
    if ('builtin' in config.prompt && config.prompt.builtin !== 'paper') {
      throw new JudgeSpecError(`${config.spec}: --prompt ${config.prompt.builtin} is a pairwise prompt; pointwise judges use their own rating prompt or --prompt-file`);
    }
    return pointwiseJudge({ ...options, prompt: 'file' in config.prompt ? readPointwisePromptFile(config.prompt.file) : pointwisePrompt() });
  }
  const prompt =
    'file' in config.prompt ? readPairwisePromptFile(config.prompt.file) : config.prompt.builtin === 'rubric' ? rubricPrompt() : paperPrompt(config.thinking);
  return pairwiseJudge({ ...options, prompt });
}

function chatProviderOf(kind: 'openai' | 'openai-compatible' | 'anthropic' | 'google', config: JudgeConfig, endpoints: Endpoints): ChatProvider {
  const urls = config.baseUrls ?? [];
  const one = (baseUrl: string | undefined): ChatProvider => {
    switch (kind) {
      case 'openai':
        return openAICompatibleProvider({ baseUrl: baseUrl ?? OPENAI_DEFAULT_BASE_URL, flavor: 'openai', apiKeyEnv: config.apiKeyEnv ?? 'OPENAI_API_KEY' });
      case 'openai-compatible': {
        // OPENAI_API_KEY goes where the OpenAI SDK itself would send it (OpenAI, or $OPENAI_BASE_URL);
        // a server named with --base-url gets a key only when --api-key-env says which.
        const apiKeyEnv = config.apiKeyEnv ?? (baseUrl === undefined ? 'OPENAI_API_KEY' : undefined);
        return openAICompatibleProvider({ baseUrl: baseUrl ?? process.env.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL, ...(apiKeyEnv ? { apiKeyEnv } : {}) });
      }
      case 'anthropic':
        return anthropicProvider({ ...(baseUrl ? { baseUrl } : {}), ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}) });
      case 'google':
        return googleProvider({ ...(baseUrl ? { baseUrl } : {}), ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}) });
    }
  };
  // Each endpoint adapts and backs off on its own: one replica rate-limiting does not slow the
  // others, and judges on one server slow down together. The judge's own ceiling spans its replicas.
  const ceiling = config.concurrency ?? UNLIMITED;
  const limited = (baseUrl: string | undefined) => {
    const provider = one(baseUrl);
    return limitedChat(provider, endpoints.at(provider.endpoint, ceiling));
  };
  return limitedChat(urls.length > 1 ? replicaSet(urls.map(limited)) : limited(urls[0]), fixedLimit(ceiling));
}

// Without a judge's own concurrency the run's --concurrency is the ceiling; the limit only adapts below it.
const UNLIMITED = 1 << 16;

function rewardProviderOf(kind: 'reward' | 'reward-http', config: JudgeConfig, endpoints: Endpoints): RewardProvider {
  const ceiling = config.concurrency ?? UNLIMITED;
  const limited = (provider: RewardProvider) => limitedReward(provider, endpoints.at(provider.endpoint, ceiling));
  if (kind === 'reward-http') {
    const http = config.rewardHttp;
    if (!http) throw new JudgeSpecError(`${config.spec} needs a url, a request_template and a score_path; give them in a config file (mrb run -c)`);
    const unknown = unknownPlaceholders(http.requestTemplate);
    if (unknown.length > 0) throw new JudgeSpecError(`${config.spec}: unknown placeholder(s) ${unknown.map((u) => `{{${u}}}`).join(', ')} in request_template`);
    return limitedReward(limited(rewardHttpProvider({ ...http, ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}) })), fixedLimit(ceiling));
  }
  const urls = config.baseUrls ?? [];
  if (urls.length === 0) throw new JudgeSpecError(`${config.spec} needs the reward model's vLLM server: --base-url http://127.0.0.1:8000`);
  const one = (baseUrl: string) => limited(vllmPoolingProvider({ baseUrl, ...(config.apiKeyEnv ? { apiKeyEnv: config.apiKeyEnv } : {}) }));
  return limitedReward(urls.length > 1 ? rewardReplicaSet(urls.map(one)) : one(urls[0]!), fixedLimit(ceiling));
}
