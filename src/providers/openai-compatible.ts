import { ProviderConfigError, ProviderError, redactSecrets, type CallOptions, type ChatImage, type ChatProvider, type ChatReply, type ChatRequest, type SentRequest } from './chat.js';
import { httpEndpoint, optionalApiKey } from './provider-config.js';
import { jsonHeaders, postJson } from './post-json.js';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * `openai` speaks to OpenAI itself, whose reasoning models take `max_completion_tokens` and
 * `reasoning_effort` and refuse `temperature`; `openai-compatible` speaks to self-hosted servers,
 * whose reasoning switch is the chat template's `enable_thinking`.
 */
export type OpenAIFlavor = 'openai' | 'openai-compatible';

export interface OpenAICompatibleOptions {
  readonly baseUrl: string;
  readonly flavor?: OpenAIFlavor;
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
export function openAICompatibleProvider({ baseUrl, apiKeyEnv, flavor = 'openai-compatible' }: OpenAICompatibleOptions): ChatProvider {
  const endpoint = httpEndpoint(baseUrl);
  const apiKey = optionalApiKey(apiKeyEnv);
  if (apiKeyEnv && !apiKey) {
    throw new ProviderConfigError(
      endpoint === OPENAI_DEFAULT_BASE_URL
        ? `no API key: set ${apiKeyEnv} (or pass --base-url for a self-hosted server)`
        : `no API key: ${apiKeyEnv} is not set`,
    );
  }
  const headers = jsonHeaders(apiKey);
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  return {
    kind: flavor,
    endpoint,
    async complete(request: ChatRequest, options: CallOptions): Promise<ChatReply> {
      return readChatCompletion(await postJson(`${endpoint}/chat/completions`, chatCompletionPayload(request, flavor), headers, options, clean));
    },
    batchBody: (request) => chatCompletionBody(request, flavor),
    sent: (request) => sentToOpenAI(request, flavor),
  };
}

/**
 * The body of one chat completion request. Also what a batch file line carries, so a batch
 * answered offline is the same request the online run would have sent.
 */
export function chatCompletionBody(request: ChatRequest, flavor: OpenAIFlavor): Record<string, unknown> {
  return completionBody(request, flavor, request.image && `${dataUrlPrefix(request.image)}${base64Of(request.image)}`);
}

// The image's place in a body serialized with an empty URL. Quotes inside JSON strings are escaped,
// so this text can only be the image part itself, never a question or an answer.
const EMPTY_IMAGE_URL = '{"type":"image_url","image_url":{"url":""}}';

/**
 * `JSON.stringify(chatCompletionBody(request, flavor))` as UTF-8 bytes, built without serializing
 * the image's base64 text: it holds no character JSON escapes, yet JSON.stringify scans it one
 * character at a time, about 0.2 ms for a 30 KB image, more than the rest of the request's work.
 */
export function chatCompletionPayload(request: ChatRequest, flavor: OpenAIFlavor): Buffer {
  if (!request.image) return Buffer.from(JSON.stringify(completionBody(request, flavor, null)));
  const json = JSON.stringify(completionBody(request, flavor, ''));
  // Before the closing quote of the empty URL.
  const at = json.indexOf(EMPTY_IMAGE_URL) + EMPTY_IMAGE_URL.length - 3;
  const head = json.slice(0, at) + JSON.stringify(dataUrlPrefix(request.image)).slice(1, -1);
  const tail = json.slice(at);
  const base64 = base64Of(request.image);
  const payload = Buffer.allocUnsafe(Buffer.byteLength(head) + base64.length + Buffer.byteLength(tail));
  let offset = payload.write(head, 0, 'utf8');
  offset += payload.write(base64, offset, 'latin1');
  payload.write(tail, offset, 'utf8');
  return payload;
}

const dataUrlPrefix = (image: ChatImage) => `data:${image.mime};base64,`;
const base64Of = (image: ChatImage) => Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength).toString('base64');

function completionBody(request: ChatRequest, flavor: OpenAIFlavor, imageUrl: string | null): Record<string, unknown> {
  const content: unknown[] = [];
  if (imageUrl !== null) content.push({ type: 'image_url', image_url: { url: imageUrl } });
  content.push({ type: 'text', text: request.text });
  const body: Record<string, unknown> = { model: request.model, messages: [{ role: 'user', content }] };
  if (flavor === 'openai' && request.thinking) {
    // OpenAI's reasoning models refuse temperature.
    body.max_completion_tokens = request.maxTokens;
    body.reasoning_effort = 'medium';
  } else {
    body.temperature = request.temperature;
    // OpenAI deprecated max_tokens for max_completion_tokens; self-hosted servers know max_tokens.
    body[flavor === 'openai' ? 'max_completion_tokens' : 'max_tokens'] = request.maxTokens;
  }
  if (request.seed !== undefined) body.seed = request.seed;
  if (flavor === 'openai-compatible' && request.thinking) body.chat_template_kwargs = { enable_thinking: true };
  if (request.replySchema) {
    body.response_format = { type: 'json_schema', json_schema: { name: request.replySchema.name, schema: request.replySchema.schema, strict: true } };
  }
  return body;
}

/** OpenAI's reasoning models get no temperature (chatCompletionBody leaves it out); everything else is sent. */
export function sentToOpenAI(request: ChatRequest, flavor: OpenAIFlavor): SentRequest {
  if (flavor !== 'openai' || !request.thinking) return request;
  const { temperature: _temperature, ...sent } = request;
  return sent;
}

/** A chat completion reply: the answer, reasoning returned apart (vLLM, SGLang), and usage. */
export function readChatCompletion(completion: unknown): ChatReply {
  const body = completion as CompletionBody | null;
  const message = body?.choices?.[0]?.message;
  if (!message) throw new ProviderError('reply has no choices', 'server');
  return {
    text: message.content ?? '',
    reasoning: message.reasoning_content ?? message.reasoning ?? null,
    inputTokens: body?.usage?.prompt_tokens ?? null,
    outputTokens: body?.usage?.completion_tokens ?? null,
  };
}
