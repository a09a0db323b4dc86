import { AbortedError, ProviderError, errorKindForStatus, retryAfterMs, type CallOptions } from './chat.js';
import { HttpPostError, httpPost, type HttpReply } from './http-post.js';

/**
 * POSTs a JSON body and returns the parsed JSON reply, or throws a `ProviderError` of the right
 * kind: what every HTTP provider needs, so each only knows its own wire format.
 * `clean` strips credentials from any text quoted from the server.
 */
export async function postJson(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
  options: CallOptions,
  clean: (message: string) => string,
): Promise<unknown> {
  let reply: HttpReply;
  try {
    const direct = await httpPost(new URL(url), body, headers, options);
    reply = direct === 'redirect' ? await fetchReply(url, body, headers, options) : direct;
  } catch (error) {
    if (!(error instanceof HttpPostError)) throw error;
    if (error.reason === 'aborted') throw new AbortedError();
    if (error.reason === 'timeout') throw new ProviderError('request timed out', 'timeout');
    throw new ProviderError(clean(`connection failed: ${rootCause(error)}`), 'network');
  }
  if (!reply.ok) {
    throw new ProviderError(clean(`${reply.status} ${errorMessage(reply.text)}`), errorKindForStatus(reply.status), reply.status, retryAfterMs(reply.headers));
  }
  try {
    return JSON.parse(reply.text);
  } catch {
    // A 200 whose body is not JSON is the server's fault (a proxy's error page, a crash mid-reply).
    throw new ProviderError(clean(`the server's reply is not JSON (${reply.text.slice(0, 80)})`), 'server');
  }
}

/** The same request through fetch, which follows redirects as a browser would. */
async function fetchReply(url: string, body: string | Uint8Array, headers: Record<string, string>, { signal, timeoutMs }: CallOptions): Promise<HttpReply> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetch(url, { method: 'POST', headers, body: body as string | Uint8Array<ArrayBuffer>, signal: combined });
    return { status: response.status, ok: response.ok, headers: response.headers, text: await response.text() };
  } catch (error) {
    if (signal?.aborted) throw new HttpPostError('aborted');
    if (timeout.aborted) throw new HttpPostError('timeout');
    // fetch's own error only says "fetch failed"; what happened is in its cause.
    throw new HttpPostError('network', (error as Error).cause ?? error);
  }
}

export function jsonHeaders(apiKey: string | undefined): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
}

/** OpenAI-style `{"error": {"message": ...}}`, or the start of whatever else the server sent. */
export function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message ?? parsed.detail);
    if (typeof message === 'string') return message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || '(empty body)';
}

/** A failed request's own error says only that; the useful part (ECONNREFUSED, ENOTFOUND, a reset mid-reply) is a cause or two deep. */
export function rootCause(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && messages.length < 5) {
    const code = (current as { code?: unknown }).code;
    messages.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return messages.slice(1).join(': ') || messages[0] || 'unknown error';
}
