import { AbortedError } from './chat.js';

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

// Without a Retry-After, an endpoint's pause doubles with each 429 in a row from this, up to the cap.
const BASE_PAUSE_MS = 500;
const MAX_PAUSE_MS = 5 * 60_000;

/**
 * Shared by every request to one endpoint: after a 429 no request goes out until the server's
 * wait is over, instead of each worker discovering the limit for itself.
 */
export class RateGate {
  private openAt = 0;
  private inARow = 0;

  pause(ms: number): void {
    this.openAt = Math.max(this.openAt, Date.now() + Math.min(ms, MAX_PAUSE_MS));
  }

  /** A 429: closed for the server's Retry-After, or a backoff that grows while 429s keep coming. */
  rateLimited(retryAfterMs: number | undefined): void {
    // Requests that were in flight together fail together: one burst is one 429 in a row.
    if (this.remainingMs() === 0) this.inARow++;
    this.pause(retryAfterMs ?? BASE_PAUSE_MS * 2 ** Math.max(0, this.inARow - 1));
  }

  succeeded(): void {
    this.inARow = 0;
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.openAt - now);
  }

  async wait(signal?: AbortSignal): Promise<void> {
    // Waited in a loop: another 429 may close the gate again while this request waits.
    for (let ms = this.remainingMs(); ms > 0; ms = this.remainingMs()) await sleep(ms, signal);
  }
}
