import type Anthropic from '@anthropic-ai/sdk';
import {
  AbortedError,
  ProviderError,
  errorKindForStatus,
  redactSecrets,
  retryAfterMs,
  type CallOptions,
  type ChatProvider,
  type ChatReply,
  type ChatRequest,
  type SentRequest,
} from './chat.js';
import { requireApiKey, httpEndpoint } from './provider-config.js';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface AnthropicOptions {
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
}

type Sdk = typeof import('@anthropic-ai/sdk');
// Loaded with the first request: start-up, and runs without Claude, do not pay for the SDK.
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@anthropic-ai/sdk'));

// Claude's thinking budget must be at least 1,024 tokens and below max_tokens.
const MIN_THINKING_BUDGET = 1024;

/** Anthropic's Messages API through the official SDK; retries are the scheduler's, so the SDK's are off. */
export function anthropicProvider({ baseUrl = ANTHROPIC_DEFAULT_BASE_URL, apiKeyEnv = 'ANTHROPIC_API_KEY' }: AnthropicOptions): ChatProvider {
  const endpoint = httpEndpoint(baseUrl);
  const apiKey = requireApiKey(apiKeyEnv);
  let client: Promise<Anthropic> | undefined;
  const connect = () => (client ??= loadSdk().then(({ default: Client }) => new Client({ apiKey, baseURL: endpoint, maxRetries: 0 })));
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  return {
    kind: 'anthropic',
    endpoint,
    async complete(request: ChatRequest, { signal, timeoutMs }: CallOptions): Promise<ChatReply> {
      const [messages, errors] = await Promise.all([connect().then((c) => c.messages), loadSdk()]);
      let message: Anthropic.Message;
      try {
        message = await messages.create(anthropicBody(request), { timeout: timeoutMs, ...(signal ? { signal } : {}) });
      } catch (error) {
        throw sdkError(errors, error, signal, clean);
      }
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : []));
      const thinking = message.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : []));
      return {
        text: text.join(''),
        reasoning: thinking.length > 0 ? thinking.join('\n') : null,
        inputTokens: message.usage.input_tokens,
        outputTokens: message.usage.output_tokens,
      };
    },
    sent: anthropicSent,
  };
}

/** The Messages API of this SDK version takes neither a temperature nor a seed: anthropicBody sends neither. */
export function anthropicSent({ temperature: _temperature, seed: _seed, ...sent }: ChatRequest): SentRequest {
  return sent;
}

export function anthropicBody(request: ChatRequest): Anthropic.MessageCreateParamsNonStreaming {
  const content: Anthropic.ContentBlockParam[] = [];
  if (request.image) {
    const data = Buffer.from(request.image.bytes.buffer, request.image.bytes.byteOffset, request.image.bytes.byteLength).toString('base64');
    content.push({ type: 'image', source: { type: 'base64', media_type: request.image.mime as 'image/png', data } });
  }
  content.push({ type: 'text', text: request.text });
  const body: Anthropic.MessageCreateParamsNonStreaming = { model: request.model, max_tokens: request.maxTokens, messages: [{ role: 'user', content }] };
  // No temperature: the Messages API of this SDK version takes no sampling parameters.
  if (request.thinking) {
    body.thinking = { type: 'enabled', budget_tokens: Math.max(MIN_THINKING_BUDGET, Math.floor(request.maxTokens / 2)) };
    if (body.max_tokens <= MIN_THINKING_BUDGET) body.max_tokens = MIN_THINKING_BUDGET * 2;
  }
  if (request.replySchema) body.output_config = { format: { type: 'json_schema', schema: withoutNumericBounds(request.replySchema.schema) as Record<string, unknown> } };
  return body;
}

function sdkError({ APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError }: Sdk, error: unknown, signal: AbortSignal | undefined, clean: (m: string) => string): Error {
  if (signal?.aborted || error instanceof APIUserAbortError) return new AbortedError();
  if (error instanceof APIConnectionTimeoutError) return new ProviderError('request timed out', 'timeout');
  if (error instanceof APIConnectionError) return new ProviderError(clean(`connection failed: ${error.cause instanceof Error ? error.cause.message : error.message}`), 'network');
  if (error instanceof APIError && error.status !== undefined) {
    // Anthropic's 529 "overloaded" is a server error to wait out, like a 503.
    return new ProviderError(clean(`${error.status} ${error.apiMessage ?? error.message}`), errorKindForStatus(error.status), error.status, retryAfterMs(error.headers ?? undefined));
  }
  return new ProviderError(clean(error instanceof Error ? error.message : String(error)), 'internal');
}

/** Claude's structured outputs refuse `minimum`/`maximum` on numbers; the parser checks the range itself. */
function withoutNumericBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutNumericBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k]) => !['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(k))
      .map(([k, v]) => [k, withoutNumericBounds(v)]),
  );
}
