import { paperPrompt } from '../protocol/paper-prompt.js';
import { openAICompatibleProvider, OPENAI_DEFAULT_BASE_URL } from '../providers/openai-compatible.js';
import { BASELINES, baselineJudge, type BaselineName } from './baselines.js';
import type { Judge } from './judge.js';
import { pairwiseJudge } from './pairwise-judge.js';

export const DEFAULT_JUDGES: readonly string[] = BASELINES.map((b) => `baseline:${b}`);

/** Settings shared by the judges of one run. */
export interface JudgeOptions {
  readonly seed: number;
  readonly baseUrl?: string;
  /** Environment variable with the key; by default OPENAI_API_KEY, and only for OpenAI or $OPENAI_BASE_URL. */
  readonly apiKeyEnv?: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly thinking: boolean;
}

export const DEFAULT_JUDGE_OPTIONS: JudgeOptions = {
  seed: 0,
  temperature: 0.1,
  maxTokens: 4096,
  timeoutMs: 120_000,
  thinking: false,
};

export class JudgeSpecError extends Error {}

/** `kind:model`; the model may itself contain colons (`llava:13b` on Ollama). */
export function createJudge(spec: string, options: JudgeOptions): Judge {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const name = colon < 0 ? '' : spec.slice(colon + 1);
  switch (kind) {
    case 'baseline':
      if (!(BASELINES as readonly string[]).includes(name)) {
        throw new JudgeSpecError(`unknown baseline "${name}" in --judge ${spec}; choose one of ${BASELINES.join(', ')}`);
      }
      return baselineJudge(name as BaselineName, options.seed);
    case 'openai-compatible': {
      if (name === '') throw new JudgeSpecError(`--judge ${spec} needs a model name: openai-compatible:<model>`);
      // OPENAI_API_KEY goes where the OpenAI SDK itself would send it (OpenAI, or $OPENAI_BASE_URL);
      // a server named with --base-url gets a key only when --api-key-env says which.
      const apiKeyEnv = options.apiKeyEnv ?? (options.baseUrl === undefined ? 'OPENAI_API_KEY' : undefined);
      const provider = openAICompatibleProvider({
        baseUrl: options.baseUrl ?? process.env.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL,
        ...(apiKeyEnv ? { apiKeyEnv } : {}),
      });
      return pairwiseJudge({
        spec,
        provider,
        model: name,
        prompt: paperPrompt(options.thinking),
        temperature: options.temperature,
        maxTokens: options.maxTokens,
        timeoutMs: options.timeoutMs,
      });
    }
    default:
      throw new JudgeSpecError(`unknown judge kind "${kind}" in --judge ${spec}; use baseline:<name> or openai-compatible:<model>`);
  }
}
