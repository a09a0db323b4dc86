// The second thread's side of scoring-thread.ts: reads and parses a share of the trials, or
// computes a share of the bootstrap.
import { parentPort } from 'node:worker_threads';
import { readSqliteResults } from '../store/sqlite-results-read.js';
import { judgeMatrices } from './judge-matrix.js';
import { bootstrapShare } from './parallel-bootstrap.js';
import type { ReadShare, ScoringReply, ScoringRequest } from './scoring-thread.js';

function readShare({ read, table, judges, orders, parser }: ReadShare) {
  return judgeMatrices(table, readSqliteResults(read), judges, orders, parser);
}

parentPort!.on('message', (request: ScoringRequest) => {
  const work = Promise.resolve().then(() => (request.kind === 'read' ? readShare(request.share) : bootstrapShare(request.share)));
  work.then(
    (result) => parentPort!.postMessage({ id: request.id, result } satisfies ScoringReply),
    (error: Error) => parentPort!.postMessage({ id: request.id, error: error.message } satisfies ScoringReply),
  );
});
