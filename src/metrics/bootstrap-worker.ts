// Runs a share of the bootstrap on the second core (see parallel-bootstrap.ts).
import { parentPort } from 'node:worker_threads';
import { bootstrapShare, type BootstrapShare } from './parallel-bootstrap.js';

parentPort!.on('message', (share: BootstrapShare) => {
  parentPort!.postMessage(bootstrapShare(share));
});
