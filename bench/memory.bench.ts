// Peak memory of `mrb run` on 1,000 and 20,000 generated cases with ~100 KB images: images stream
// through one parquet row group at a time, so the peak should not grow with the dataset.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MRB, timed, writeResult } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';

const sizes = (process.env.BENCH_MEMORY_CASES ?? '1000,20000').split(',').map(Number);
const figures: Record<string, unknown> = {};
const peaks: number[] = [];
for (const cases of sizes) {
  const data = generateDataset(cases, 100_000);
  const work = mkdtempSync(join(tmpdir(), 'mrb-bench-mem-'));
  // A baseline judge: the figure is the harness's memory, not a model server's.
  const run = await timed(process.execPath, [MRB, 'run', '--data', data, '--judge', 'baseline:random', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')]);
  if (run.code !== 0) throw new Error(`mrb run failed: ${run.stderr}`);
  console.log(`${cases} cases, ~100 KB images: peak RSS ${run.peakRssMb.toFixed(0)} MB, ${(run.ms / 1000).toFixed(1)} s`);
  figures[`cases${cases}`] = { peakRssMb: Math.round(run.peakRssMb), seconds: Number((run.ms / 1000).toFixed(1)) };
  peaks.push(run.peakRssMb);
  rmSync(data, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
if (peaks.length === 2) {
  const ratio = peaks[1]! / peaks[0]!;
  console.log(`peak RSS ratio ${sizes[1]} / ${sizes[0]} cases: ${ratio.toFixed(2)} (target <= 1.2, and under 250 MB)`);
  figures.ratio = Number(ratio.toFixed(3));
}
writeResult('memory', figures);
