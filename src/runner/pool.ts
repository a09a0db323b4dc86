/**
 * Runs `work` on items pulled from `source` with at most `concurrency` in flight. Items are pulled
 * only when a worker is free, so a streamed source is never read ahead of the work.
 */
export async function runPool<T>(source: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure !== undefined) {
    await iterator.return?.(undefined);
    throw failure;
  }
}
