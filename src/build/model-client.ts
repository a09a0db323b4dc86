import { ProviderConfigError, type ChatProvider } from '../providers/chat.js';
import { OPENAI_DEFAULT_BASE_URL, openAICompatibleProvider } from '../providers/openai-compatible.js';
import { withRetry, type RetryPolicy } from '../runner/retry.js';
import type { ItemImage } from './build-item.js';

// The one place the build reaches into the providers: a spec becomes something that answers a
// prompt about an image. New provider kinds on main plug in here and nowhere else.

export interface ModelDefaults {
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
}

export interface ModelClient {
  /** The spec without its URL: how the model is named in the store and the dataset card. */
  readonly name: string;
  /** What identifies its behaviour; stored with every response, never holds a key. */
  readonly settings: Readonly<Record<string, unknown>>;
  ask(image: ItemImage | null, text: string, signal?: AbortSignal): Promise<string>;
}

export class ModelRequestError extends Error {}

/**
 * `openai-compatible:<model>`, optionally `@<base-url>` when the models of one step live on
 * different servers (a vLLM per model): `openai-compatible:qwen2-vl@http://127.0.0.1:8001/v1`.
 */
export function modelClient(spec: string, defaults: ModelDefaults): ModelClient {
  const at = spec.lastIndexOf('@http');
  const bare = at < 0 ? spec : spec.slice(0, at);
  const url = at < 0 ? undefined : spec.slice(at + 1);
  const colon = bare.indexOf(':');
  const kind = colon < 0 ? bare : bare.slice(0, colon);
  const model = colon < 0 ? '' : bare.slice(colon + 1);
  if (kind !== 'openai-compatible') throw new ProviderConfigError(`unknown model kind "${kind}" in ${spec}; use openai-compatible:<model>[@<base-url>]`);
  if (model === '') throw new ProviderConfigError(`${spec} needs a model name: openai-compatible:<model>`);
  const baseUrl = url ?? defaults.baseUrl ?? process.env.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL;
  // As for judges: OPENAI_API_KEY goes only to OpenAI or $OPENAI_BASE_URL unless a variable is named.
  const apiKeyEnv = defaults.apiKeyEnv ?? (url === undefined && defaults.baseUrl === undefined ? 'OPENAI_API_KEY' : undefined);
  const provider: ChatProvider = openAICompatibleProvider({ baseUrl, ...(apiKeyEnv ? { apiKeyEnv } : {}) });
  const settings = { provider: provider.kind, endpoint: provider.endpoint, model, temperature: defaults.temperature, maxTokens: defaults.maxTokens };
  return {
    name: bare,
    settings,
    async ask(image, text, signal) {
      const request = { model, image: image ? { mime: image.mime, sha256: image.sha256, bytes: image.bytes } : null, text, temperature: defaults.temperature, maxTokens: defaults.maxTokens };
      const outcome = await withRetry(() => provider.complete(request, { timeoutMs: defaults.timeoutMs, ...(signal ? { signal } : {}) }), defaults.retry, signal ? { signal } : {});
      if (!outcome.ok) throw new ModelRequestError(`${bare}: ${outcome.error.message} (after ${outcome.attempts} attempt(s))`);
      return outcome.value.text;
    },
  };
}
