// Re-running a finished 10,000-trial run: no request may go out, and it should take under 3 s.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MRB, median, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const reply = JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'b', choices: [{ index: 0, message: { role: 'assistant', content: '{"accuracy":"A","relevance":"A","comprehensiveness":"A","creativity":"A","responsiveness":"A","overall":"A"}' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
let requests = 0;
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
const data = generateDataset(5000, 5_000);
const work = mkdtempSync(join(tmpdir(), 'mrb-bench-resume-'));
const args = [MRB, 'run', '--data', data, '--judge', 'openai-compatible:b', '--base-url', baseUrl, '--concurrency', '64', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')];
const first = await timed(process.execPath, args);
if (first.code !== 0 || requests !== 10_000) throw new Error(`first run failed (${requests} requests): ${first.stderr}`);
const again: number[] = [];
requests = 0;
for (let rep = 0; rep < 3; rep++) {
  const run = await timed(process.execPath, args);
  if (run.code !== 0) throw new Error(run.stderr);
  again.push(run.ms);
}
server.close();
console.log(`re-running a finished 10,000-trial run (median of 3): ${median(again).toFixed(0)} ms, ${requests} requests (target 0 requests, < 3 s); the first run took ${(first.ms / 1000).toFixed(1)} s`);
writeResult('resume', { trials: 10_000, rerunMs: Math.round(median(again)), requests, firstRunMs: Math.round(first.ms) });
