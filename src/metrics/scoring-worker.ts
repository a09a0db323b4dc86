// The second thread's side of scoring-thread.ts: reads and parses a share of the trials, or
// computes a share of the bootstrap.
import { parentPort } from 'node:worker_threads';
import { openStore } from '../store/open-store.js';
import { judgeMatrices } from './judge-matrix.js';
import { bootstrapShare } from './parallel-bootstrap.js';
import type { ReadShare, ScoringReply, ScoringRequest } from './scoring-thread.js';

async function readShare({ location, runId, cases, table, judges, orders, parser }: ReadShare) {
  // A second connection to the SQLite file: reads in WAL mode do not wait for each other.
  const store = await openStore(location, { mustExist: true });
  try {
    return judgeMatrices(table, await store.runResults(runId, { cases, ordered: false }), judges, orders, parser);
  } finally {
    await store.close();
  }
}

parentPort!.on('message', (request: ScoringRequest) => {
  const work = request.kind === 'read' ? readShare(request.share) : Promise.resolve(bootstrapShare(request.share));
  work.then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies ScoringReply),
    (error: Error) => parentPort!.postMessage({ id: request.id, error: error.message } satisfies ScoringReply),
  );
});
