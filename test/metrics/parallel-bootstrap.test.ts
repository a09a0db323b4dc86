import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

const BUILT = fileURLToPath(new URL('../../bin/mrb.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/entry.js', import.meta.url)));

describe('the bootstrap split with a worker thread (built code)', () => {
  it.skipIf(!built)('gives exactly the figures of the single-threaded bootstrap', async () => {
    const work = tempDir();
    const args = ['run', '--store', join(work, 's.sqlite')];
    const single = await runCli([...args, '--out', join(work, 'single')]);
    expect(single.code).toBe(0);
    const split = spawnSync(process.execPath, [BUILT, ...args, '--out', join(work, 'split')], { env: { ...process.env, MRB_WORKER_THRESHOLD: '0' }, encoding: 'utf8' });
    expect(split.status, split.stderr).toBe(0);
    const judges = (dir: string) => JSON.parse(readFileSync(join(work, dir, 'summary.json'), 'utf8')).judges;
    expect(judges('split')).toEqual(judges('single'));
  });
});
