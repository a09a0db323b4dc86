import { AbortedError, ProviderError } from '../providers/chat.js';
import { sleep } from '../providers/rate-gate.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000 };

// A longer Retry-After is cut to this: the retry still happens, and the attempt cap still ends it.
const MAX_RETRY_AFTER_MS = 5 * 60_000;

// The 429 gate is the endpoint's (providers/endpoint.ts): every judge sending there waits at it.
export { sleep } from '../providers/rate-gate.js';

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
  options: { signal?: AbortSignal } = {},
): Promise<RetryOutcome<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await call(), attempts: attempt };
    } catch (error) {
      if (error instanceof AbortedError || options.signal?.aborted) throw new AbortedError();
      const failure = error instanceof ProviderError ? error : new ProviderError(error instanceof Error ? error.message : String(error), 'internal');
      if (!failure.retryable || attempt >= policy.maxAttempts) return { ok: false, error: failure, attempts: attempt };
      const delay = backoffDelay(attempt, policy, failure);
      await sleep(delay, options.signal);
    }
  }
}
