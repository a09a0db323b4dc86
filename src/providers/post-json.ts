import { AbortedError, ProviderError, errorKindForStatus, retryAfterMs, type CallOptions } from './chat.js';

/**
 * POSTs a JSON body and returns the parsed JSON reply, or throws a `ProviderError` of the right
 * kind: what every fetch-based provider needs, so each only knows its own wire format.
 * `clean` strips credentials from any text quoted from the server.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  { signal, timeoutMs }: CallOptions,
  clean: (message: string) => string,
): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal: combined });
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw new AbortedError();
    if (timeout.aborted) throw new ProviderError('request timed out', 'timeout');
    throw new ProviderError(clean(`connection failed: ${rootCause(error)}`), 'network');
  }
  if (!response.ok) {
    throw new ProviderError(clean(`${response.status} ${errorMessage(text)}`), errorKindForStatus(response.status), response.status, retryAfterMs(response.headers));
  }
  try {
    return JSON.parse(text);
  } catch {
    // A 200 whose body is not JSON is the server's fault (a proxy's error page, a crash mid-reply).
    throw new ProviderError(clean(`the server's reply is not JSON (${text.slice(0, 80)})`), 'server');
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

/** fetch hides the useful part (ECONNREFUSED, ENOTFOUND, a reset mid-reply) a cause or two deep. */
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
