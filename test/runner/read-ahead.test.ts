import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/runner/read-ahead.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A source of `count` numbers that records how far it has been read and whether it was closed. */
function source(count: number, failAt?: number) {
  const state = { pulled: 0, closed: false };
  async function* items() {
    try {
      for (let i = 0; i < count; i++) {
        await tick();
        if (i === failAt) throw new Error(`failed at ${i}`);
        state.pulled = i + 1;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, items: items() };
}

describe('reading a source ahead of its consumer', () => {
  it('yields every item in order', async () => {
    const { items } = source(50);
    const seen: number[] = [];
    for await (const item of readAhead(items, 4)) seen.push(item);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('pulls up to its size ahead while the consumer works, and no further', async () => {
    const { state, items } = source(50);
    const ahead = readAhead(items, 5);
    expect((await ahead.next()).value).toBe(0);
    for (let i = 0; i < 20; i++) await tick();
    // The item handed out, and five waiting.
    expect(state.pulled).toBe(6);
    await ahead.return(undefined);
  });

  it('delivers the items before a failure of the source, then the failure', async () => {
    const { items } = source(10, 3);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(items, 8)) seen.push(item);
      })(),
    ).rejects.toThrow('failed at 3');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('closes the source when the consumer stops early', async () => {
    const { state, items } = source(1000);
    for await (const item of readAhead(items, 3)) if (item === 5) break;
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(12);
  });
});
