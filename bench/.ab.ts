import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, startInstantServer, timed } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';
const server = await startInstantServer();
const data = generateDataset(Number(process.env.CASES ?? 1000), 30_000);
const builds = process.argv.slice(2);
const res: Record<string, { ms: number[]; cpu: number[] }> = Object.fromEntries(builds.map((b) => [b, { ms: [], cpu: [] }]));
for (let rep = 0; rep < Number(process.env.REPS ?? 4); rep++) {
  for (const b of builds) {
    server.reset();
    const work = mkdtempSync(join(tmpdir(), 'mrb-ab-'));
    const m = await timed(process.execPath, [join(b, 'bin/mrb.js'), 'run', '--data', data, '--judge', 'openai-compatible:bench', '--base-url', server.baseUrl, '--concurrency', '64', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')]);
    rmSync(work, { recursive: true, force: true });
    if (m.code !== 0) throw new Error(m.stderr);
    res[b]!.ms.push(m.ms); res[b]!.cpu.push(m.cpuMs);
  }
}
for (const b of builds) console.log(b, 'wall', median(res[b]!.ms).toFixed(0), 'cpu', median(res[b]!.cpu).toFixed(0), res[b]!.ms.map((x) => x.toFixed(0)).join(' '));
rmSync(data, { recursive: true, force: true });
server.close();
