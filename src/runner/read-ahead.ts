/**
 * Yields what `source` yields, in order, pulling up to `size` items ahead of the consumer: the
 * source's slow steps (reading the next cases, storing them, claiming their trials) then run while
 * the consumer works on the items before them, instead of every worker waiting for them together.
 * A failure of the source reaches the consumer after the items pulled before it. When the consumer
 * stops early, the pull under way finishes and the source is closed.
 */
export async function* readAhead<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const ready: T[] = [];
  let finished = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const wake = (which: 'consumer' | 'pump') => {
    const resolve = which === 'consumer' ? wakeConsumer : wakePump;
    if (which === 'consumer') wakeConsumer = undefined;
    else wakePump = undefined;
    resolve?.();
  };
  const pump = (async () => {
    try {
      while (!stopped) {
        if (ready.length >= size) {
          await new Promise<void>((resolve) => (wakePump = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        ready.push(next.value);
        wake('consumer');
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake('consumer');
    }
  })();
  try {
    for (;;) {
      if (ready.length > 0) {
        const item = ready.shift()!;
        wake('pump');
        yield item;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    wake('pump');
    await pump;
    await iterator.return?.(undefined);
  }
}
