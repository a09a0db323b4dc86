import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

// A real full disk, not a simulated error: a 2 MB tmpfs. Mounting needs root (CI runs as root);
// elsewhere the test is skipped rather than faked.
const mountPoint = join(tempDir('mrb-full-disk-'), 'disk');
mkdirSync(mountPoint);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint]).status === 0;

afterAll(() => {
  if (mounted) spawnSync('umount', [mountPoint]);
});

/** Writes until the disk refuses, leaving `spare` bytes (so the store still opens); returns the filler's path. */
function fillDisk(dir: string, spare: number): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  spawnSync('truncate', ['-s', `-${spare}`, path]);
  return path;
}

describe.skipIf(!mounted)('a store on a full disk', () => {
  it('stops the run with an error naming the store, exit 1, and keeps the runs stored before', async () => {
    const store = join(mountPoint, 'store.sqlite');
    const small = writeFixtureDataset({ eye: 4 });
    const first = await runCli(['run', '--data', small.root, '--judge', 'baseline:always-a', '--store', store, '--out', join(tempDir(), 'o')]);
    expect(first.code, first.stderr).toBe(0);

    // Enough room to open the store, not to store this run's cases and trials.
    fillDisk(mountPoint, 64 * 1024);
    const large = writeFixtureDataset({ brain: 400 });
    const second = await runCli(['run', '--data', large.root, '--judge', 'baseline:always-b', '--store', store, '--out', join(tempDir(), 'o')]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('the disk (or the store) is full');
    expect(second.stderr).toContain(store);

    const db = new Database(store, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db.prepare("select count(*) as n from judgments where judge = 'baseline:always-a'").get() as { n: number };
      expect(stored.n).toBe(small.rows.length * 2);
    } finally {
      db.close();
    }
  });
});
