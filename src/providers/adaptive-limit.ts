import { AbortedError, ProviderError } from './chat.js';

/** What a request passes through before it is sent: a limit on requests at once, maybe a 429 gate. */
export interface Limiter {
  run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Milliseconds until the endpoint takes requests again after a 429; 0 when it does now. */
  pausedForMs?(): number;
}

/**
 * How many requests one endpoint gets at once, adapted to how it copes (additive increase,
 * multiplicative decrease, as TCP does): a 429, a timeout or replies much slower than its best
 * halve the limit; each success grows it back by about one per window, up to the configured maximum.
 */
export class AdaptiveLimit implements Limiter {
  private limit: number;
  private ceiling: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private fastestMs = Infinity;
  private lastCutAt = 0;

  constructor(
    max: number,
    private readonly min = 1,
  ) {
    this.ceiling = max;
    this.limit = max;
  }

  get max(): number {
    return this.ceiling;
  }

  /** Another judge sending here allows more at once: the shared limit starts from the larger ceiling. */
  raiseMax(max: number): void {
    if (max <= this.ceiling) return;
    this.ceiling = max;
    this.limit = Math.max(this.limit, max);
    this.wake();
  }

  get current(): number {
    return Math.floor(this.limit);
  }

  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    const started = performance.now();
    try {
      const value = await call();
      this.onSuccess(performance.now() - started);
      return value;
    } catch (error) {
      if (error instanceof ProviderError && (error.kind === 'rate-limit' || error.kind === 'timeout' || error.status === 503 || error.status === 529)) this.cut();
      throw error;
    } finally {
      this.inFlight--;
      this.wake();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.inFlight < this.current) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new AbortedError());
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.inFlight++;
        resolve();
      };
      if (signal?.aborted) return reject(new AbortedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.inFlight < this.current) this.waiting.shift()!();
  }

  private onSuccess(latencyMs: number): void {
    this.fastestMs = Math.min(this.fastestMs, latencyMs);
    // A server that answers four times slower than its best is queueing: ease off before it fails.
    if (latencyMs > 4 * this.fastestMs && latencyMs > 2000) this.cut();
    else this.limit = Math.min(this.ceiling, this.limit + 1 / Math.max(1, this.limit));
    this.wake();
  }

  private cut(): void {
    // One cut per burst: the requests that were already in flight fail together for one cause.
    const now = Date.now();
    if (now - this.lastCutAt < 1000) return;
    this.lastCutAt = now;
    this.limit = Math.max(this.min, this.limit / 2);
  }
}

/** A judge's own ceiling over all of its replicas: fixed, it does not adapt (its endpoints do). */
export function fixedLimit(max: number): AdaptiveLimit {
  return new AdaptiveLimit(max, max);
}

type Call = (request: unknown, options: { signal?: AbortSignal }) => Promise<unknown>;

/** A chat provider whose requests pass through a limiter. */
export function limitedChat<P extends { complete: (...args: never[]) => unknown; pausedForMs?: () => number }>(provider: P, limiter: Limiter): P {
  const complete = provider.complete as unknown as Call;
  const pausedForMs = limiter.pausedForMs?.bind(limiter) ?? provider.pausedForMs;
  return { ...provider, complete: (request: unknown, options: { signal?: AbortSignal }) => limiter.run(() => complete(request, options), options.signal), ...(pausedForMs ? { pausedForMs } : {}) } as P;
}

/** A reward provider whose requests pass through a limiter. */
export function limitedReward<P extends { score: (...args: never[]) => unknown; pausedForMs?: () => number }>(provider: P, limiter: Limiter): P {
  const score = provider.score as unknown as Call;
  const pausedForMs = limiter.pausedForMs?.bind(limiter) ?? provider.pausedForMs;
  return { ...provider, score: (request: unknown, options: { signal?: AbortSignal }) => limiter.run(() => score(request, options), options.signal), ...(pausedForMs ? { pausedForMs } : {}) } as P;
}
