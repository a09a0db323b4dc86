// Re-running a finished 10,000-trial run: no request may go out, and it should take under 3 s.
// Measured three ways, each a median of BENCH_REPS (default 3) re-runs of the same finished run:
// - as it is (the target): the dataset's files and the result folder unchanged since the run;
// - into a new --out folder: the run scored and every result file written again;
// - after the dataset's files were touched: the dataset read and validated again, and its trials
//   planned again against the store, before the same scoring and writing.
import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFiles } from '../src/dataset/dataset-stamp.js';
import { resolveDatasetSource } from '../src/dataset/dataset-source.js';
import { MRB, median, startInstantServer, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const reps = Number(process.env.BENCH_REPS ?? 3);
const server = await startInstantServer();
const { baseUrl } = server;
const data = generateDataset(5000, 5_000);
// Datasets are not usually written seconds before a run: a file written in the last two seconds
// is never trusted to be unchanged, and the first re-run would read it again.
const files = datasetFiles(resolveDatasetSource(data));
const touch = (ago: number) => {
  const at = new Date(Date.now() - ago);
  for (const file of files) utimesSync(file, at, at);
};
touch(3_600_000);
const work = mkdtempSync(join(tmpdir(), 'mrb-bench-resume-'));
const args = (out: string) => [MRB, 'run', '--data', data, '--judge', 'openai-compatible:b', '--base-url', baseUrl, '--concurrency', '64', '--store', join(work, 's.sqlite'), '--out', out];
const first = await timed(process.execPath, args(join(work, 'out')));
if (first.code !== 0 || server.requests() !== 10_000) throw new Error(`first run failed (${server.requests()} requests): ${first.stderr}`);
server.reset();

async function rerun(label: string, before: (rep: number) => void): Promise<number> {
  const times: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    before(rep);
    const run = await timed(process.execPath, args(outOf(label, rep)));
    if (run.code !== 0) throw new Error(run.stderr);
    times.push(run.ms);
  }
  const ms = median(times);
  console.log(`  ${label}: ${ms.toFixed(0)} ms (median of ${reps}: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  return ms;
}
const outOf = (label: string, rep: number) => (label === 'unchanged' ? join(work, 'out') : join(work, `out-${label}-${rep}`));

console.log('re-running a finished 10,000-trial run (5,000 cases, one judge):');
const unchangedMs = await rerun('unchanged', () => {});
const newOutMs = await rerun('new-out', () => {});
const touchedMs = await rerun('touched', (rep) => touch(7_200_000 + rep * 1000));
server.close();
console.log(`requests sent by the re-runs: ${server.requests()} (target 0); unchanged ${(unchangedMs / 1000).toFixed(2)} s (target < 3 s), into a new folder ${(newOutMs / 1000).toFixed(2)} s, after touching the dataset ${(touchedMs / 1000).toFixed(2)} s; the first run took ${(first.ms / 1000).toFixed(1)} s`);
writeResult('resume', { trials: 10_000, rerunMs: Math.round(unchangedMs), newOutMs: Math.round(newOutMs), touchedDatasetMs: Math.round(touchedMs), requests: server.requests(), firstRunMs: Math.round(first.ms) });
