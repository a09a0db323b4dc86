// Re-running a finished 10,000-trial run: no request may go out, and it should take under 3 s.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MRB, median, startInstantServer, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const server = await startInstantServer();
const { baseUrl } = server;
const data = generateDataset(5000, 5_000);
const work = mkdtempSync(join(tmpdir(), 'mrb-bench-resume-'));
const args = [MRB, 'run', '--data', data, '--judge', 'openai-compatible:b', '--base-url', baseUrl, '--concurrency', '64', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')];
const first = await timed(process.execPath, args);
if (first.code !== 0 || server.requests() !== 10_000) throw new Error(`first run failed (${server.requests()} requests): ${first.stderr}`);
const again: number[] = [];
server.reset();
for (let rep = 0; rep < 3; rep++) {
  const run = await timed(process.execPath, args);
  if (run.code !== 0) throw new Error(run.stderr);
  again.push(run.ms);
}
server.close();
console.log(`re-running a finished 10,000-trial run (median of 3): ${median(again).toFixed(0)} ms, ${server.requests()} requests (target 0 requests, < 3 s); the first run took ${(first.ms / 1000).toFixed(1)} s`);
writeResult('resume', { trials: 10_000, rerunMs: Math.round(median(again)), requests: server.requests(), firstRunMs: Math.round(first.ms) });
