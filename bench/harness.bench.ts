// Harness overhead: `mrb run` against an instantly answering OpenAI-compatible server, against a
// minimal fetch loop sending the same requests (bench/fetch-loop.mjs). Also CLI start-up time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MRB, median, startInstantServer, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const CONCURRENCY = 64;
const server = await startInstantServer();
const { baseUrl } = server;
const loop = fileURLToPath(new URL('./fetch-loop.mjs', import.meta.url));

const figures: Record<string, unknown> = {};
for (const cases of (process.env.BENCH_CASES ?? "1000,4000").split(",").map(Number)) {
  const data = generateDataset(cases, 30_000);
  const trials = cases * 2;
  const mrbTimes: number[] = [];
  const loopTimes: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    server.reset();
    const l = await timed(process.execPath, [loop, data, baseUrl, String(CONCURRENCY)]);
    if (l.code !== 0 || server.requests() !== trials) throw new Error(`fetch loop failed: ${l.stderr}`);
    loopTimes.push(l.ms);
    server.reset();
    const work = mkdtempSync(join(tmpdir(), 'mrb-bench-run-'));
    const m = await timed(process.execPath, [MRB, 'run', '--data', data, '--judge', 'openai-compatible:bench', '--base-url', baseUrl, '--concurrency', String(CONCURRENCY), '--store', join(work, 's.sqlite'), '--out', join(work, 'out')]);
    if (m.code !== 0 || server.requests() !== trials) throw new Error(`mrb run failed (${server.requests()} requests): ${m.stderr}`);
    mrbTimes.push(m.ms);
  }
  const ratio = median(mrbTimes) / median(loopTimes);
  console.log(`${trials} trials, ~30 KB images, concurrency ${CONCURRENCY} (median of ${REPS}): mrb run ${median(mrbTimes).toFixed(0)} ms, fetch loop ${median(loopTimes).toFixed(0)} ms, ratio ${ratio.toFixed(2)} (target <= 1.3)`);
  figures[`trials${trials}`] = { mrbMs: Math.round(median(mrbTimes)), loopMs: Math.round(median(loopTimes)), ratio: Number(ratio.toFixed(3)), mrbRuns: mrbTimes.map(Math.round), loopRuns: loopTimes.map(Math.round) };
}
server.close();

const startups: number[] = [];
for (let rep = 0; rep < 7; rep++) startups.push((await timed(process.execPath, [MRB, '--help'])).ms);
console.log(`start-up (mrb --help, median of 7): ${median(startups).toFixed(0)} ms (target < 500)`);
figures.startupMs = Math.round(median(startups));
writeResult('harness', figures);
