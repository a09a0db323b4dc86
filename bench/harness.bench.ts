// Harness overhead: `mrb run` against an instantly answering OpenAI-compatible server, against a
// minimal fetch loop sending the same requests (bench/fetch-loop.mjs). Also CLI start-up time.
// Besides wall time, the CPU time (user + system) of each process, less disturbed by other work on
// a shared machine; and the same loop on node:http, the transport `mrb` uses, a stricter baseline.
import { mkdtempSync, rmSync } from 'node:fs';
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
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

const figures: Record<string, unknown> = {};
for (const cases of (process.env.BENCH_CASES ?? "1000,4000").split(",").map(Number)) {
  const data = generateDataset(cases, 30_000);
  const trials = cases * 2;
  const runs = { mrb: [] as Array<{ ms: number; cpuMs: number }>, loop: [] as Array<{ ms: number; cpuMs: number }>, httpLoop: [] as Array<{ ms: number; cpuMs: number }> };
  for (let rep = 0; rep < REPS; rep++) {
    for (const [name, transport] of [['loop', 'fetch'], ['httpLoop', 'http']] as const) {
      server.reset();
      const l = await timed(process.execPath, [loop, data, baseUrl, String(CONCURRENCY), transport]);
      if (l.code !== 0 || server.requests() !== trials) throw new Error(`${transport} loop failed: ${l.stderr}`);
      runs[name].push(l);
    }
    server.reset();
    const work = mkdtempSync(join(tmpdir(), 'mrb-bench-run-'));
    const m = await timed(process.execPath, [MRB, 'run', '--data', data, '--judge', 'openai-compatible:bench', '--base-url', baseUrl, '--concurrency', String(CONCURRENCY), '--store', join(work, 's.sqlite'), '--out', join(work, 'out')]);
    rmSync(work, { recursive: true, force: true });
    if (m.code !== 0 || server.requests() !== trials) throw new Error(`mrb run failed (${server.requests()} requests): ${m.stderr}`);
    runs.mrb.push(m);
  }
  rmSync(data, { recursive: true, force: true });
  const wall = (name: keyof typeof runs) => median(runs[name].map((r) => r.ms));
  const cpu = (name: keyof typeof runs) => median(runs[name].map((r) => r.cpuMs));
  const figure = {
    mrbMs: Math.round(wall('mrb')),
    loopMs: Math.round(wall('loop')),
    ratio: ratio(wall('mrb'), wall('loop')),
    mrbCpuMs: Math.round(cpu('mrb')),
    loopCpuMs: Math.round(cpu('loop')),
    cpuRatio: ratio(cpu('mrb'), cpu('loop')),
    httpLoopMs: Math.round(wall('httpLoop')),
    httpLoopCpuMs: Math.round(cpu('httpLoop')),
    ratioToHttpLoop: ratio(wall('mrb'), wall('httpLoop')),
    cpuRatioToHttpLoop: ratio(cpu('mrb'), cpu('httpLoop')),
    mrbRuns: runs.mrb.map((r) => Math.round(r.ms)),
    loopRuns: runs.loop.map((r) => Math.round(r.ms)),
    httpLoopRuns: runs.httpLoop.map((r) => Math.round(r.ms)),
  };
  console.log(
    `${trials} trials, ~30 KB images, concurrency ${CONCURRENCY} (median of ${REPS}): mrb run ${figure.mrbMs} ms (CPU ${figure.mrbCpuMs} ms), ` +
      `fetch loop ${figure.loopMs} ms (CPU ${figure.loopCpuMs} ms): ratio ${figure.ratio.toFixed(2)}, CPU ${figure.cpuRatio.toFixed(2)} (target <= 1.3); ` +
      `node:http loop ${figure.httpLoopMs} ms (CPU ${figure.httpLoopCpuMs} ms): ratio ${figure.ratioToHttpLoop.toFixed(2)}, CPU ${figure.cpuRatioToHttpLoop.toFixed(2)}`,
  );
  figures[`trials${trials}`] = figure;
}
server.close();

const startups: number[] = [];
for (let rep = 0; rep < 7; rep++) startups.push((await timed(process.execPath, [MRB, '--help'])).ms);
console.log(`start-up (mrb --help, median of 7): ${median(startups).toFixed(0)} ms (target < 500)`);
figures.startupMs = Math.round(median(startups));
writeResult('harness', figures);
