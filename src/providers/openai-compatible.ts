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

interface CompletionBody {
  choices?: Array<{ message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null } }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/**
 * OpenAI's chat completions API, which vLLM, SGLang, Ollama, llama.cpp and LM Studio all speak.
 * Spoken with fetch directly: the wire format is small and stable, retries are the scheduler's, and
 * at thousands of requests an SDK's per-request work shows in the harness's overhead.
 */
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
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  const clean = (message: string) => redactSecrets(message, [apiKey]);

  return {
    kind: 'openai-compatible',
    endpoint,
    async complete(request: ChatRequest, { signal, timeoutMs }: CallOptions): Promise<ChatReply> {
      const content: unknown[] = [];
      if (request.image) {
        const data = Buffer.from(request.image.bytes.buffer, request.image.bytes.byteOffset, request.image.bytes.byteLength).toString('base64');
        content.push({ type: 'image_url', image_url: { url: `data:${request.image.mime};base64,${data}` } });
      }
      content.push({ type: 'text', text: request.text });
      const body = JSON.stringify({ model: request.model, messages: [{ role: 'user', content }], temperature: request.temperature, max_tokens: request.maxTokens });
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${endpoint}/chat/completions`, { method: 'POST', headers, body, signal: combined });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw new AbortedError();
        if (timeout.aborted) throw new ProviderError('request timed out', 'timeout');
        throw new ProviderError(clean(`connection failed: ${rootCause(error)}`), 'network');
      }
      if (!response.ok) {
        throw new ProviderError(clean(`${response.status} ${errorMessage(text)}`), errorKindForStatus(response.status), response.status, retryAfterMs(response.headers));
      }
      let completion: CompletionBody;
      try {
        completion = JSON.parse(text) as CompletionBody;
      } catch {
        // A 200 whose body is not JSON is the server's fault (a proxy's error page, a crash mid-reply).
        throw new ProviderError(clean(`the server's reply is not JSON (${text.slice(0, 80)})`), 'server');
      }
      const message = completion.choices?.[0]?.message;
      if (!message) throw new ProviderError('reply has no choices', 'server');
      return {
        text: message.content ?? '',
        reasoning: message.reasoning_content ?? message.reasoning ?? null,
        inputTokens: completion.usage?.prompt_tokens ?? null,
        outputTokens: completion.usage?.completion_tokens ?? null,
      };
    },
  };
}

/** OpenAI-style `{"error": {"message": ...}}`, or the start of whatever else the server sent. */
function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message);
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || '(empty body)';
}

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND, a reset mid-reply) a cause or two deep. */
function rootCause(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && messages.length < 5) {
    const code = (current as { code?: unknown }).code;
    messages.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return messages.slice(1).join(': ') || messages[0] || 'unknown error';
}
