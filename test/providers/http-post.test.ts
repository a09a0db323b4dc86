import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, ProviderError } from '../../src/providers/chat.js';
import { postJson } from '../../src/providers/post-json.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A server on 127.0.0.1 that answers every request with `handle`, given the request's body. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const post = (url: string, body: string | Uint8Array = '{"q":1}', options: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
  postJson(url, body, { 'content-type': 'application/json' }, { timeoutMs: options.timeoutMs ?? 5_000, ...(options.signal ? { signal: options.signal } : {}) }, (m) => m);

const failure = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('posting JSON to a model server', () => {
  it('sends the body and its headers, and parses the reply, over one kept-alive connection', async () => {
    const seen: Array<{ body: string; type?: string; length?: string; port: number }> = [];
    const url = await serve((req, res, body) => {
      seen.push({ body, type: req.headers['content-type'], length: req.headers['content-length'], port: req.socket.remotePort! });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"√"}');
    });
    expect(await post(`${url}/a`, Buffer.from('{"q":"√"}'))).toEqual({ ok: '√' });
    expect(await post(`${url}/a`, '{"q":2}')).toEqual({ ok: '√' });
    expect(seen.map((s) => s.body)).toEqual(['{"q":"√"}', '{"q":2}']);
    expect(seen[0]).toMatchObject({ type: 'application/json', length: String(Buffer.byteLength('{"q":"√"}')) });
    expect(seen[1]!.port).toBe(seen[0]!.port);
  });

  it('reads a compressed reply and one with a byte order mark', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      if (n++ === 0) res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"zipped":true}'));
      else res.writeHead(200).end('\ufeff{"bom":true}');
    });
    expect(await post(url)).toEqual({ zipped: true });
    expect(await post(url)).toEqual({ bom: true });
  });

  it('follows a redirect to the same request elsewhere', async () => {
    const url = await serve((req, res, body) => {
      if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else res.writeHead(200).end(JSON.stringify({ at: req.url, body }));
    });
    expect(await post(`${url}/old`, '{"q":3}')).toEqual({ at: '/new', body: '{"q":3}' });
  });

  it('gives an HTTP error its kind, the server message and Retry-After', async () => {
    const url = await serve((_req, res) => res.writeHead(429, { 'retry-after': '2' }).end(JSON.stringify({ error: { message: 'slow down' } })));
    const error = (await failure(post(url))) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 2000, message: '429 slow down' });
  });

  it('times out on a reply that stops half way, and fails on one cut short', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      if (req.url === '/cut') res.write('{"half":', () => req.socket.destroy());
      else res.write('{"half":');
    });
    expect(await failure(post(`${url}/stall`, '{}', { timeoutMs: 200 }))).toMatchObject({ kind: 'timeout' });
    expect(await failure(post(`${url}/cut`))).toMatchObject({ kind: 'network' });
  });

  it('fails at once, as a network error, on a header Node will not send', async () => {
    const url = await serve((_req, res) => res.writeHead(200).end('{}'));
    const started = performance.now();
    const error = await failure(postJson(url, '{}', { authorization: 'Bearer key\nwith a line break' }, { timeoutMs: 5_000 }, (m) => m));
    expect(error).toMatchObject({ kind: 'network' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops at once when its signal aborts, and names a refused connection', async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    const pending = failure(post(url, '{}', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toBeInstanceOf(AbortedError);
    expect(await failure(post(url, '{}', { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortedError);
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const refused = (await failure(post(url))) as ProviderError;
    expect(refused).toMatchObject({ kind: 'network' });
    expect(refused.message).toMatch(/^connection failed: .*ECONNREFUSED/);
  });
});
