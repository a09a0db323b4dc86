import { AbortedError, ProviderError } from '../providers/chat.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

// A longer Retry-After is cut to this: the retry still happens, and the attempt cap still ends it.
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Shared by every request to one endpoint: after a 429 no request goes out until the server's
 * wait is over, instead of each worker discovering the limit for itself.
 */
export class RateGate {
  private openAt = 0;

  pause(ms: number): void {
    this.openAt = Math.max(this.openAt, Date.now() + ms);
  }

  async wait(signal?: AbortSignal): Promise<void> {
    const ms = this.openAt - Date.now();
    if (ms > 0) await sleep(ms, signal);
  }
}

export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: ProviderError; readonly attempts: number };

/** Exponential backoff with equal jitter (half fixed, half random); the server's Retry-After wins when it gives one. */
export function backoffDelay(attempt: number, policy: RetryPolicy, error: ProviderError, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal; gate?: RateGate } = {},
): Promise<RetryOutcome<T>> {
  for (let attempt = 1; ; attempt++) {
    await options.gate?.wait(options.signal);
    try {
      return { ok: true, value: await call(), attempts: attempt };
    } catch (error) {
      if (error instanceof AbortedError || options.signal?.aborted) throw new AbortedError();
      const failure = error instanceof ProviderError ? error : new ProviderError(error instanceof Error ? error.message : String(error), 'internal');
      if (!failure.retryable || attempt >= policy.maxAttempts) return { ok: false, error: failure, attempts: attempt };
      const delay = backoffDelay(attempt, policy, failure);
      if (failure.kind === 'rate-limit') options.gate?.pause(delay);
      await sleep(delay, options.signal);
    }
  }
}
