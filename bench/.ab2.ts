import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, startInstantServer, timed } from './bench-util.js';
import { generateDataset } from './generate-dataset.js';
const server = await startInstantServer();
const data = generateDataset(5000, 5_000);
const work = mkdtempSync(join(tmpdir(), 'mrb-ab2-'));
const args = (b: string) => [join(b, 'bin/mrb.js'), 'run', '--data', data, '--judge', 'openai-compatible:b', '--base-url', server.baseUrl, '--concurrency', '64', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')];
const builds = process.argv.slice(2);
const first = await timed(process.execPath, args(builds[0]!));
console.log('first', first.ms.toFixed(0), work, data);
const res: Record<string, number[]> = Object.fromEntries(builds.map((b) => [b, []]));
for (let rep = 0; rep < 3; rep++) for (const b of builds) { const r = await timed(process.execPath, args(b)); if (r.code !== 0) throw new Error(r.stderr); res[b]!.push(r.ms); }
for (const b of builds) console.log(b, median(res[b]!).toFixed(0), res[b]!.map((x) => x.toFixed(0)).join(' '));
server.close();
