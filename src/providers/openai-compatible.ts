import type OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import {
  AbortedError,
  ProviderConfigError,
  ProviderError,
  errorKindForStatus,
  redactSecrets,
  retryAfterMs,
  type CallOptions,
  type ChatProvider,
  type ChatReply,
  type ChatRequest,
} from './chat.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAICompatibleOptions {
  readonly baseUrl: string;
  /** Name of the environment variable holding the key (none: send no key); the key itself never leaves this module. */
  readonly apiKeyEnv?: string;
}

/** OpenAI's chat completions API, which vLLM, SGLang, Ollama, llama.cpp and LM Studio all speak. */
export function openAICompatibleProvider({ baseUrl, apiKeyEnv }: OpenAICompatibleOptions): ChatProvider {
  const endpoint = baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ProviderConfigError(`not an http(s) URL: ${baseUrl} (e.g. http://127.0.0.1:8000/v1)`);
  }
  const apiKey = apiKeyEnv ? process.env[apiKeyEnv] : undefined;
  if (apiKeyEnv && !apiKey) {
    throw new ProviderConfigError(
      endpoint === OPENAI_DEFAULT_BASE_URL
        ? `no API key: set ${apiKeyEnv} (or pass --base-url for a self-hosted server)`
        : `no API key: ${apiKeyEnv} is not set`,
    );
  }
  // Self-hosted servers usually need no key, but the SDK insists on one.
  // The SDK loads with the first request, not at start-up.
  let client: Promise<{ sdk: typeof OpenAI; client: OpenAI }> | undefined;
  const connect = () =>
    (client ??= import('openai').then(({ default: sdk }) => ({ sdk, client: new sdk({ apiKey: apiKey || 'not-needed', baseURL: endpoint, maxRetries: 0 }) })));

  return {
    kind: 'openai-compatible',
    endpoint,
    async complete(request: ChatRequest, { signal, timeoutMs }: CallOptions): Promise<ChatReply> {
      const content: OpenAI.Chat.ChatCompletionContentPart[] = [];
      if (request.image) {
        const data = Buffer.from(request.image.bytes.buffer, request.image.bytes.byteOffset, request.image.bytes.byteLength).toString('base64');
        content.push({ type: 'image_url', image_url: { url: `data:${request.image.mime};base64,${data}` } });
      }
      content.push({ type: 'text', text: request.text });
      const { sdk, client: api } = await connect();
      let completion: ChatCompletion;
      try {
        completion = await api.chat.completions.create(
          {
            model: request.model,
            messages: [{ role: 'user', content }],
            temperature: request.temperature,
            max_tokens: request.maxTokens,
          },
          { timeout: timeoutMs, ...(signal ? { signal } : {}) },
        );
      } catch (error) {
        throw toProviderError(sdk, error, apiKey, signal);
      }
      const choice = completion.choices?.[0];
      if (!choice) throw new ProviderError('reply has no choices', 'server');
      const message = choice.message as typeof choice.message & { reasoning_content?: string | null; reasoning?: string | null };
      return {
        text: message.content ?? '',
        reasoning: message.reasoning_content ?? message.reasoning ?? null,
        inputTokens: completion.usage?.prompt_tokens ?? null,
        outputTokens: completion.usage?.completion_tokens ?? null,
      };
    },
  };
}

function toProviderError(sdk: typeof OpenAI, error: unknown, apiKey: string | undefined, signal: AbortSignal | undefined): Error {
  if (signal?.aborted || error instanceof sdk.APIUserAbortError) return new AbortedError();
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  // A 200 whose body is not JSON is the server's fault (a proxy's error page, a crash mid-reply).
  if (error instanceof SyntaxError) return new ProviderError(clean(`the server's reply is not JSON (${error.message.slice(0, 80)})`), 'server');
  if (error instanceof sdk.APIConnectionTimeoutError) return new ProviderError('request timed out', 'timeout');
  if (error instanceof sdk.APIConnectionError) return new ProviderError(clean(`connection failed: ${rootCause(error)}`), 'network');
  if (error instanceof sdk.APIError && error.status !== undefined) {
    return new ProviderError(clean(error.message), errorKindForStatus(error.status), error.status, retryAfterMs(error.headers));
  }
  // The connection dropped while the body was being read (fetch says "terminated").
  if (error instanceof Error && (error.message === 'terminated' || /^(UND_ERR|ECONN|EPIPE)/.test(String((error.cause as { code?: unknown } | undefined)?.code ?? '')))) {
    return new ProviderError(clean(`the connection broke during the reply: ${rootCause(error)}`), 'network');
  }
  return new ProviderError(clean(error instanceof Error ? error.message : String(error)), 'internal');
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND) two causes deep. */
function rootCause(error: Error): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && messages.length < 5) {
    const code = (current as { code?: unknown }).code;
    messages.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return messages.slice(1).join(': ') || messages[0] || 'unknown error';
}
