import { AbortedError, ProviderError } from './chat.js';

/**
 * How many requests one endpoint gets at once, adapted to how it copes (additive increase,
 * multiplicative decrease, as TCP does): a 429, a timeout or replies much slower than its best
 * halve the limit; each success grows it back by about one per window, up to the configured maximum.
 */
export class AdaptiveLimit {
  private limit: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private fastestMs = Infinity;
  private lastCutAt = 0;

  constructor(
    readonly max: number,
    private readonly min = 1,
  ) {
    this.limit = max;
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
    else this.limit = Math.min(this.max, this.limit + 1 / Math.max(1, this.limit));
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

/** A chat provider whose requests pass through an adaptive limit of their own. */
export function limitedChat<P extends { complete: (...args: never[]) => unknown }>(provider: P, limit: AdaptiveLimit): P {
  const complete = provider.complete as unknown as (request: unknown, options: { signal?: AbortSignal }) => Promise<unknown>;
  return { ...provider, complete: (request: unknown, options: { signal?: AbortSignal }) => limit.run(() => complete(request, options), options.signal) } as P;
}

/** A reward provider whose requests pass through an adaptive limit of their own. */
export function limitedReward<P extends { score: (...args: never[]) => unknown }>(provider: P, limit: AdaptiveLimit): P {
  const score = provider.score as unknown as (request: unknown, options: { signal?: AbortSignal }) => Promise<unknown>;
  return { ...provider, score: (request: unknown, options: { signal?: AbortSignal }) => limit.run(() => score(request, options), options.signal) } as P;
}
