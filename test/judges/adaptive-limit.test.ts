import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../../src/providers/adaptive-limit.js';
import { ProviderError } from '../../src/providers/chat.js';

const rateLimited = () => Promise.reject(new ProviderError('429 slow down', 'rate-limit', 429));
const ok = () => Promise.resolve('ok');

describe('adaptive concurrency of one endpoint', () => {
  it('starts at its maximum, halves on a rate limit, and grows back with successes, never above the maximum', async () => {
    const limit = new AdaptiveLimit(16);
    expect(limit.current).toBe(16);
    await expect(limit.run(rateLimited)).rejects.toThrow('429');
    expect(limit.current).toBe(8);
    // Requests failing together for one cause cut once, not once each.
    await Promise.allSettled([limit.run(rateLimited), limit.run(rateLimited)]);
    expect(limit.current).toBe(8);
    for (let i = 0; i < 200; i++) await limit.run(ok);
    expect(limit.current).toBe(16);
  });

  it('never lets more requests through at once than its current limit', async () => {
    const limit = new AdaptiveLimit(3);
    let inFlight = 0;
    let most = 0;
    const slow = () =>
      new Promise<void>((resolve) => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight--;
          resolve();
        }, 5);
      });
    await Promise.all(Array.from({ length: 20 }, () => limit.run(slow)));
    expect(most).toBe(3);
  });

  it('gives up waiting when the run is stopped', async () => {
    const limit = new AdaptiveLimit(1);
    const blocker = limit.run(() => new Promise((r) => setTimeout(r, 50)));
    const controller = new AbortController();
    const waiting = limit.run(ok, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow('aborted');
    await blocker;
  });
});
