import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The wire formats the fake speaks, each on the path the real API uses. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini' | 'pooling' | 'custom';

export interface ApiRequest {
  readonly format: WireFormat;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test asserts the shape it needs
}

/** What a test wants back: a model's text (or a reward), or an API error in that API's own format. */
export type ApiAnswer =
  | { readonly text: string; readonly thinking?: string; readonly inputTokens?: number; readonly outputTokens?: number; readonly delayMs?: number }
  | { readonly reward: number }
  | { readonly json: unknown }
  | { readonly error: number; readonly retryAfter?: string; readonly message?: string };

export interface FakeApiServer {
  readonly origin: string;
  readonly received: ApiRequest[];
  close(): Promise<void>;
}

function formatOf(path: string): WireFormat {
  if (path.endsWith('/chat/completions')) return 'openai';
  if (path.endsWith('/v1/messages')) return 'anthropic';
  if (path.includes(':generateContent')) return 'gemini';
  if (path.endsWith('/pooling')) return 'pooling';
  return 'custom';
}

/** Each API's reply body for a success. */
function success(format: WireFormat, body: any, answer: Exclude<ApiAnswer, { error: number }>): unknown {
  if ('json' in answer) return answer.json;
  if ('reward' in answer) {
    return { id: 'pool-1', object: 'list', created: 0, model: body.model, data: [{ index: 0, object: 'pooling', data: [answer.reward] }], usage: { prompt_tokens: 50, total_tokens: 50 } };
  }
  const input = answer.inputTokens ?? 100;
  const output = answer.outputTokens ?? 20;
  switch (format) {
    case 'anthropic':
      return {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [...(answer.thinking ? [{ type: 'thinking', thinking: answer.thinking, signature: 'sig' }] : []), { type: 'text', text: answer.text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: input, output_tokens: output },
      };
    case 'gemini':
      return {
        candidates: [{ content: { role: 'model', parts: [...(answer.thinking ? [{ text: answer.thinking, thought: true }] : []), { text: answer.text }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: input, candidatesTokenCount: output, totalTokenCount: input + output },
        modelVersion: 'fake',
      };
    default:
      return {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: answer.text, ...(answer.thinking ? { reasoning_content: answer.thinking } : {}) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
      };
  }
}

/** Each API's error body, as its SDK expects to read it. */
function failure(format: WireFormat, status: number, message: string, retryAfter?: string): unknown {
  switch (format) {
    case 'anthropic':
      return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error', message } };
    case 'gemini':
      // Gemini sends no Retry-After header: the wait is a google.rpc.RetryInfo detail of the body.
      return {
        error: {
          code: status,
          message,
          status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL',
          ...(retryAfter !== undefined
            ? { details: [{ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generate_content_free_tier_requests' }] }, { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfter}s` }] }
            : {}),
        },
      };
    default:
      return { error: { message, type: 'server_error', code: status } };
  }
}

/** One fake model server on 127.0.0.1 answering OpenAI, Anthropic, Gemini and vLLM pooling requests. */
export async function startFakeApiServer(answer: (request: ApiRequest, index: number) => ApiAnswer): Promise<FakeApiServer> {
  const received: ApiRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const format = formatOf(path);
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(failure(format, 400, 'body is not JSON')));
      return;
    }
    const request: ApiRequest = { format, path, headers: req.headers, body };
    received.push(request);
    const reply = answer(request, received.length - 1);
    if ('error' in reply) {
      res
        .writeHead(reply.error, { 'content-type': 'application/json', ...(reply.retryAfter !== undefined && format !== 'gemini' ? { 'retry-after': reply.retryAfter } : {}) })
        .end(JSON.stringify(failure(format, reply.error, reply.message ?? `fake error ${reply.error}`, reply.retryAfter)));
      return;
    }
    if ('delayMs' in reply && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake' }).end(JSON.stringify(success(format, body, reply)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The text parts of a request in any of the chat formats, joined: where a fake judge finds the answers. */
export function promptText(request: ApiRequest): string {
  const b = request.body;
  if (request.format === 'gemini') return b.contents[0].parts.filter((p: any) => p.text).map((p: any) => p.text).join('\n');
  if (request.format === 'pooling') return b.messages.map((m: any) => (typeof m.content === 'string' ? m.content : m.content.filter((p: any) => p.type === 'text').map((p: any) => p.text).join('\n'))).join('\n');
  return b.messages[0].content.filter((p: any) => p.type === 'text').map((p: any) => p.text).join('\n');
}
