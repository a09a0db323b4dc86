import type { ChatProvider } from './chat.js';
import type { RewardProvider } from './reward.js';

/**
 * Picks the replica with the fewest requests outstanding among those not paused by a 429 (the one
 * paused shortest when all are); ties go round-robin.
 */
function leastBusy<T extends { pausedForMs?(): number }>(replicas: readonly T[]): <R>(use: (replica: T) => Promise<R>) => Promise<R> {
  const outstanding = replicas.map(() => 0);
  let next = 0;
  return async (use) => {
    const paused = replicas.map((r) => r.pausedForMs?.() ?? 0);
    let best = -1;
    for (let k = 0; k < replicas.length; k++) {
      const i = (next + k) % replicas.length;
      if (best < 0 || paused[i]! < paused[best]! || (paused[i] === paused[best] && outstanding[i]! < outstanding[best]!)) best = i;
    }
    next = (best + 1) % replicas.length;
    outstanding[best]!++;
    try {
      return await use(replicas[best]!);
    } finally {
      outstanding[best]!--;
    }
  };
}

// The replicas serve one model: a trial's key names the first as the set's, so adding or removing
// replicas later, or which one answered, never makes answered trials look new.
const setEndpoint = (replicas: ReadonlyArray<{ endpoint: string }>) => replicas[0]!.endpoint;

/** Several servers of one model behind one provider: requests spread by outstanding load. */
export function replicaSet(replicas: readonly ChatProvider[]): ChatProvider {
  const route = leastBusy(replicas);
  const first = replicas[0]!;
  return {
    kind: first.kind,
    endpoint: setEndpoint(replicas),
    complete: (request, options) => route((r) => r.complete(request, options)),
    ...(first.batchBody ? { batchBody: first.batchBody } : {}),
    ...(first.sent ? { sent: first.sent } : {}),
  };
}

export function rewardReplicaSet(replicas: readonly RewardProvider[]): RewardProvider {
  const route = leastBusy(replicas);
  const first = replicas[0]!;
  return { kind: first.kind, endpoint: setEndpoint(replicas), ...(first.identity ? { identity: first.identity } : {}), score: (request, options) => route((r) => r.score(request, options)) };
}
