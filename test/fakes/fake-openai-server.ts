import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat completion request as the fake server received it. */
export interface ReceivedRequest {
  readonly body: {
    model: string;
    temperature?: number;
    max_tokens?: number;
    messages: Array<{ role: string; content: Array<{ type: string; text?: string; image_url?: { url: string } }> }>;
  };
  readonly headers: IncomingMessage['headers'];
  /** The prompt text of the single user message. */
  readonly text: string;
}

/** How to answer one request: a reply text, an HTTP error, a stall that never answers, or a dropped connection. */
export type FakeBehaviour =
  | { readonly reply: string; readonly delayMs?: number; /** Held until this settles. */ readonly until?: Promise<unknown> }
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: unknown }
  | { readonly stall: true }
  | { readonly reset: true }
  /** A 200 with this exact body text, whatever it is (not JSON, JSON without choices...). */
  | { readonly rawBody: string }
  /** Headers promising more bytes than are sent, then the connection closes. */
  | { readonly truncated: true };

export interface FakeOpenAIServer {
  readonly baseUrl: string;
  readonly received: ReceivedRequest[];
  /** Requests per prompt text: a trial sent twice shows up as 2. */
  countsByText(): Map<string, number>;
  close(): Promise<void>;
}

function completion(model: string, content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  };
}

/** An OpenAI-compatible chat completions server on 127.0.0.1 speaking the real wire format. */
export async function startFakeOpenAIServer(behave: (request: ReceivedRequest, index: number) => FakeBehaviour): Promise<FakeOpenAIServer> {
  const received: ReceivedRequest[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
    const text = body.messages[0]?.content.find((p) => p.type === 'text')?.text ?? '';
    const request: ReceivedRequest = { body, headers: req.headers, text };
    received.push(request);
    const behaviour = behave(request, received.length - 1);
    if ('stall' in behaviour) {
      open.add(res);
      return;
    }
    if ('reset' in behaviour) {
      req.socket.destroy();
      return;
    }
    if ('rawBody' in behaviour) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(behaviour.rawBody);
      return;
    }
    if ('truncated' in behaviour) {
      const text = JSON.stringify(completion(body.model, jsonVerdict('A')));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length + 100) });
      res.write(text.slice(0, text.length >> 1), () => req.socket.destroy());
      return;
    }
    if ('status' in behaviour) {
      res
        .writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers })
        .end(JSON.stringify(behaviour.body ?? { error: { message: `fake error ${behaviour.status}`, type: 'server_error' } }));
      return;
    }
    if (behaviour.until) await behaviour.until;
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(body.model, behaviour.reply)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    countsByText() {
      const counts = new Map<string, number>();
      for (const r of received) counts.set(r.text, (counts.get(r.text) ?? 0) + 1);
      return counts;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A verdict in the paper prompt's JSON format, the same letter on every dimension. */
export function jsonVerdict(letter: 'A' | 'B', reason = 'fake'): string {
  const dims = ['accuracy', 'relevance', 'comprehensiveness', 'creativity', 'responsiveness', 'overall'];
  return JSON.stringify({ ...Object.fromEntries(dims.map((d) => [d, letter])), reason });
}

/** The first slot's answer in a paper prompt, to let a fake judge decide by content. */
export function firstAnswer(promptText: string): string {
  return promptText.split("[The Start of Assistant A's Answer]\n")[1]?.split("\n[The End of Assistant A's Answer]")[0] ?? '';
}
