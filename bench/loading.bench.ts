// Streaming and validating a 1,026-case official-layout dataset with ~200 KB images (`mrb data validate`).
import { MRB, median, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const data = generateDataset(1026, 200_000);
const times: number[] = [];
for (let rep = 0; rep < 3; rep++) {
  const run = await timed(process.execPath, [MRB, 'data', 'validate', data]);
  if (run.code !== 0) throw new Error(run.stderr);
  times.push(run.ms);
}
console.log(`validate 1,026 cases with ~200 KB images (about 200 MB; median of 3): ${median(times).toFixed(0)} ms`);
writeResult('loading', { cases: 1026, imageBytes: 200_000, ms: Math.round(median(times)) });
