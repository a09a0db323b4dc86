import type { GenerateContentParameters, GenerateContentResponse, GoogleGenAI } from '@google/genai';
import {
  AbortedError,
  ProviderError,
  errorKindForStatus,
  redactSecrets,
  type CallOptions,
  type ChatProvider,
  type ChatReply,
  type ChatRequest,
} from './chat.js';
import { httpEndpoint, requireApiKey } from './provider-config.js';

export const GOOGLE_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

export interface GoogleOptions {
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
}

type Sdk = typeof import('@google/genai');
// Loaded with the first request: start-up, and runs without Gemini, do not pay for the SDK.
let sdk: Promise<Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@google/genai'));

/** The Gemini API's generateContent through the official SDK, image inline before the text. */
export function googleProvider({ baseUrl = GOOGLE_DEFAULT_BASE_URL, apiKeyEnv }: GoogleOptions): ChatProvider {
  const endpoint = httpEndpoint(baseUrl);
  const apiKey = apiKeyEnv ? requireApiKey(apiKeyEnv) : requireApiKey('GEMINI_API_KEY', 'GOOGLE_API_KEY');
  // The SDK's own retries are off (one attempt): the scheduler retries, with the run's shared 429 wait.
  let client: Promise<GoogleGenAI> | undefined;
  const connect = () => (client ??= loadSdk().then(({ GoogleGenAI: Client }) => new Client({ apiKey, httpOptions: { baseUrl: endpoint, retryOptions: { attempts: 1 } } })));
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  return {
    kind: 'google',
    endpoint,
    async complete(request: ChatRequest, { signal, timeoutMs }: CallOptions): Promise<ChatReply> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const params = googleBody(request);
      const [models, { ApiError }] = await Promise.all([connect().then((c) => c.models), loadSdk()]);
      let response: GenerateContentResponse;
      try {
        response = await models.generateContent({ ...params, config: { ...params.config, abortSignal: combined } });
      } catch (error) {
        if (signal?.aborted) throw new AbortedError();
        if (timeout.aborted) throw new ProviderError('request timed out', 'timeout');
        if (error instanceof ApiError) throw new ProviderError(clean(`${error.status} ${error.message}`), errorKindForStatus(error.status), error.status, retryDelayMs(error.message));
        throw new ProviderError(clean(`connection failed: ${error instanceof Error ? error.message : String(error)}`), 'network');
      }
      const parts = response.candidates?.[0]?.content?.parts;
      if (!parts) throw new ProviderError(`reply has no candidates${response.promptFeedback?.blockReason ? ` (blocked: ${response.promptFeedback.blockReason})` : ''}`, 'server');
      const answer = parts.filter((p) => !p.thought && typeof p.text === 'string').map((p) => p.text);
      const thoughts = parts.filter((p) => p.thought && typeof p.text === 'string').map((p) => p.text);
      return {
        text: answer.join(''),
        reasoning: thoughts.length > 0 ? thoughts.join('\n') : null,
        inputTokens: response.usageMetadata?.promptTokenCount ?? null,
        outputTokens: (response.usageMetadata?.candidatesTokenCount ?? 0) + (response.usageMetadata?.thoughtsTokenCount ?? 0) || null,
      };
    },
  };
}

/**
 * Gemini says how long to wait in its error body, not in a Retry-After header: a
 * google.rpc.RetryInfo detail with `retryDelay` as a protobuf Duration ("13s", "0.5s"). The SDK
 * passes the body on as the error's message.
 */
export function retryDelayMs(message: string): number | undefined {
  const delay = /"@type"\s*:\s*"type\.googleapis\.com\/google\.rpc\.RetryInfo"[^}]*?"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(message)
    ?? /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"[^}]*?"@type"\s*:\s*"type\.googleapis\.com\/google\.rpc\.RetryInfo"/.exec(message);
  return delay ? Math.round(Number(delay[1]) * 1000) : undefined;
}

export function googleBody(request: ChatRequest): GenerateContentParameters {
  const parts: Array<{ inlineData: { mimeType: string; data: string } } | { text: string }> = [];
  if (request.image) {
    const data = Buffer.from(request.image.bytes.buffer, request.image.bytes.byteOffset, request.image.bytes.byteLength).toString('base64');
    parts.push({ inlineData: { mimeType: request.image.mime, data } });
  }
  parts.push({ text: request.text });
  return {
    model: request.model,
    contents: [{ role: 'user', parts }],
    config: {
      temperature: request.temperature,
      maxOutputTokens: request.maxTokens,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.thinking ? { thinkingConfig: { includeThoughts: true } } : {}),
      ...(request.replySchema ? { responseMimeType: 'application/json', responseJsonSchema: request.replySchema.schema } : {}),
    },
  };
}
