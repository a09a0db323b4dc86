import type { Label } from '../protocol/dimensions.js';

/**
 * Runs one request per answer. A part that succeeded is kept (and one still in flight is awaited)
 * when the trial is retried after the other part failed, so a retry never pays for it twice.
 */
export function pairedRequests<T>(send: (label: Label, signal?: AbortSignal) => Promise<T>): (signal?: AbortSignal) => Promise<Record<Label, T>> {
  const parts = new Map<Label, Promise<T>>();
  const part = (label: Label, signal?: AbortSignal) => {
    let pending = parts.get(label);
    if (!pending) {
      pending = send(label, signal);
      parts.set(label, pending);
      pending.catch(() => parts.delete(label));
    }
    return pending;
  };
  return async (signal) => {
    const [A, B] = await Promise.all([part('A', signal), part('B', signal)]);
    return { A, B };
  };
}
