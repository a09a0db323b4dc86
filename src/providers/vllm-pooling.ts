import { ProviderError, redactSecrets, type CallOptions } from './chat.js';
import { jsonHeaders, postJson } from './post-json.js';
import { httpEndpoint, optionalApiKey } from './provider-config.js';
import { imageDataUrl, type RewardProvider, type RewardReply, type RewardRequest } from './reward.js';

export interface VllmPoolingOptions {
  readonly baseUrl: string;
  readonly apiKeyEnv?: string;
}

interface PoolingBody {
  data?: Array<{ data?: unknown }>;
  usage?: { prompt_tokens?: number };
}

/**
 * A reward model served by `vllm serve <rm> --runner pooling`: the conversation (image and question
 * from the user, the answer from the assistant) goes to `/pooling` and the reward comes back.
 */
export function vllmPoolingProvider({ baseUrl, apiKeyEnv }: VllmPoolingOptions): RewardProvider {
  // vLLM serves /pooling at the server's root, beside /v1: a chat-style base URL is accepted too.
  const endpoint = httpEndpoint(baseUrl).replace(/\/v1$/, '');
  const apiKey = optionalApiKey(apiKeyEnv);
  const headers = jsonHeaders(apiKey);
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  return {
    kind: 'reward',
    endpoint,
    async score(request: RewardRequest, options: CallOptions): Promise<RewardReply> {
      const body = JSON.stringify(poolingBody(request));
      const reply = (await postJson(`${endpoint}/pooling`, body, headers, options, clean)) as PoolingBody | null;
      const reward = lastNumber(reply?.data?.[0]?.data);
      if (reward === undefined) throw new ProviderError('the pooling reply holds no reward (expected data[0].data to hold a number)', 'server');
      return { reward, inputTokens: reply?.usage?.prompt_tokens ?? null };
    },
  };
}

export function poolingBody(request: RewardRequest): Record<string, unknown> {
  const user: unknown[] = [];
  if (request.image) user.push({ type: 'image_url', image_url: { url: imageDataUrl(request.image) } });
  user.push({ type: 'text', text: request.question });
  return {
    model: request.model,
    messages: [
      { role: 'user', content: user },
      { role: 'assistant', content: request.answer },
    ],
  };
}

/**
 * A reward model's pooled output is one number, a list with one number per label, or (pooling
 * every token) one entry per token: the reward of the whole answer is the last token's.
 */
export function lastNumber(value: unknown): number | undefined {
  let current = value;
  while (Array.isArray(current)) {
    if (current.length === 0) return undefined;
    current = current[current.length - 1];
  }
  return typeof current === 'number' && Number.isFinite(current) ? current : undefined;
}
