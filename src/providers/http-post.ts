import type http from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/** A reply read to its end: status, headers as fetch shows them, and the body as text. */
export interface HttpReply {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly text: string;
}

/** Why a request got no reply: the caller's signal, its time limit, or the connection (`cause`). */
export class HttpPostError extends Error {
  constructor(
    readonly reason: 'aborted' | 'timeout' | 'network',
    cause?: unknown,
  ) {
    super(reason === 'network' ? 'request failed' : reason === 'timeout' ? 'request timed out' : 'aborted', cause === undefined ? undefined : { cause });
    this.name = 'HttpPostError';
  }
}

interface Client {
  readonly request: typeof http.request;
  readonly agent: http.Agent;
}

let clients: Promise<Record<string, Client>> | undefined;

/**
 * Node's HTTP and HTTPS clients, loaded with the first request (TLS among them: commands that send
 * nothing should not pay for it). Connections are kept open between requests, as fetch keeps them;
 * an idle one is closed after 4 s (fetch's default too), or sooner when the server announces a
 * shorter keep-alive.
 */
function loadClients(): Promise<Record<string, Client>> {
  clients ??= Promise.all([import('node:http'), import('node:https')]).then(([{ default: http }, { default: https }]) => {
    const options = { keepAlive: true, timeout: 4_000 };
    return { 'http:': { request: http.request, agent: new http.Agent(options) }, 'https:': { request: https.request, agent: new https.Agent(options) } };
  });
  return clients;
}

// What fetch sends besides the caller's headers; servers see the same request as before.
const DEFAULT_HEADERS = { 'user-agent': 'node', 'accept-encoding': 'gzip, deflate, br' };

/**
 * POSTs `body` and reads the whole reply, on Node's own HTTP client: fetch (undici, with web
 * streams, several abort signals and header objects per request) takes about two and a half times
 * the CPU per request, measured on the harness benchmark's requests (docs/performance.md).
 * `timeoutMs` covers the whole exchange, the reply's body included, as it did with fetch.
 * Redirects are rare on a model API: for one, this resolves to 'redirect' and the caller sends the
 * request again through fetch, which follows it.
 */
export async function httpPost(
  url: URL,
  body: string | Uint8Array,
  headers: Record<string, string>,
  { signal, timeoutMs }: { signal?: AbortSignal; timeoutMs: number },
): Promise<HttpReply | 'redirect'> {
  const client = (await loadClients())[url.protocol];
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new HttpPostError('aborted'));
    if (!client) return reject(new HttpPostError('network', new Error(`unsupported protocol ${url.protocol}`)));
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    let request: http.ClientRequest | undefined;
    let settled = false;
    const finish = (error: HttpPostError | undefined, reply?: HttpReply | 'redirect') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        request?.destroy();
        reject(error);
      } else resolve(reply!);
    };
    const onAbort = () => finish(new HttpPostError('aborted'));
    const timer = setTimeout(() => finish(new HttpPostError('timeout')), timeoutMs);
    const options = { method: 'POST', agent: client.agent, headers: { ...DEFAULT_HEADERS, ...headers, 'content-length': String(payload.byteLength) } };
    try {
      request = client.request(url, options, (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          return finish(undefined, 'redirect');
        }
        const chunks: Buffer[] = [];
        const stream = decoded(response);
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => finish(new HttpPostError('network', error)));
        if (stream !== response) response.on('error', (error) => finish(new HttpPostError('network', error)));
        // A reply cut short (the connection closed before the promised length) is a network failure.
        response.on('close', () => {
          if (!response.complete) finish(new HttpPostError('network', new Error('the connection closed before the reply was complete')));
        });
        stream.on('end', () => {
          let text = Buffer.concat(chunks).toString('utf8');
          // fetch's text() drops a byte order mark.
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          finish(undefined, { status, ok: status >= 200 && status < 300, headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) }, text });
        });
      });
    } catch (error) {
      // A header Node refuses to send (a key with a line break in it): the request never leaves.
      return finish(new HttpPostError('network', error));
    }
    request.on('error', (error) => finish(new HttpPostError('network', error)));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(payload);
  });
}

function decoded(response: http.IncomingMessage): Readable {
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(createGunzip());
  if (encoding === 'deflate') return response.pipe(createInflate());
  if (encoding === 'br') return response.pipe(createBrotliDecompress());
  return response;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
