// Runs a share of the bootstrap on the second core (see parallel-bootstrap.ts).
import { parentPort } from 'node:worker_threads';
import { bootstrapAccuracy, type CaseScores } from './accuracy-bootstrap.js';
import type { Resamples } from './bootstrap.js';
import type { CaseTable } from './case-table.js';

parentPort!.on('message', (message: { table: CaseTable; resamples: Resamples; vectors: CaseScores[] }) => {
  parentPort!.postMessage(bootstrapAccuracy(message.table, message.resamples, message.vectors));
});
