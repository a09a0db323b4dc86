import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

const BUILT = fileURLToPath(new URL('../../bin/mrb.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/entry.js', import.meta.url)));

describe('scoring split with a second thread (built code)', () => {
  it.skipIf(!built)('reads, parses and bootstraps to exactly the figures and files of one thread', async () => {
    const work = tempDir();
    // With every interval there is, so each kind of bootstrap result crosses from the thread.
    const args = ['run', '--store', join(work, 's.sqlite'), '--group-intervals'];
    const single = await runCli([...args, '--out', join(work, 'single')]);
    expect(single.code).toBe(0);
    const split = spawnSync(process.execPath, [BUILT, ...args, '--out', join(work, 'split')], { env: { ...process.env, MRB_WORKER_THRESHOLD: '0' }, encoding: 'utf8' });
    expect(split.status, split.stderr).toBe(0);
    const judges = (dir: string) => JSON.parse(readFileSync(join(work, dir, 'summary.json'), 'utf8')).judges;
    expect(judges('split')).toEqual(judges('single'));
    expect(judges('split')[0].dimensions.overall.byGroup.organ[0].intervals.kappa.low).toEqual(expect.any(Number));
    // The thread read half of the cases over its own connection; the files list every trial once, in order.
    for (const file of ['official_table.csv', 'judgments.jsonl']) expect(readFileSync(join(work, 'split', file), 'utf8')).toBe(readFileSync(join(work, 'single', file), 'utf8'));
    // judgments.jsonl holds one line per trial in (case, judge, order) order.
    const lines = readFileSync(join(work, 'split', 'judgments.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const keys = lines.map((l) => `${l.case}\u0000${l.judge}\u0000${l.order}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });
});
