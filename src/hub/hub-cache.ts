import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { RepoType } from './hub-settings.js';

/**
 * The Hub's cache layout, shared with Python's huggingface_hub: content-addressed `blobs/`,
 * `snapshots/<commit>/<path>` symlinks into them, and `refs/<revision>` naming a commit.
 */
export class HubCache {
  readonly repoDir: string;

  constructor(cacheDir: string, repo: string, type: RepoType) {
    this.repoDir = join(cacheDir, `${type}s--${repo.replace(/\//g, '--')}`);
  }

  blobPath(etag: string): string {
    return join(this.repoDir, 'blobs', etag);
  }

  snapshotDir(commit: string): string {
    return join(this.repoDir, 'snapshots', commit);
  }

  /** The commit a revision (branch or tag) pointed at when it was last downloaded. */
  commitOf(revision: string): string | undefined {
    if (/^[0-9a-f]{40}$/.test(revision)) return revision;
    const ref = join(this.repoDir, 'refs', revision);
    return existsSync(ref) ? readFileSync(ref, 'utf8').trim() : undefined;
  }

  writeRef(revision: string, commit: string): void {
    if (revision === commit) return;
    const ref = join(this.repoDir, 'refs', revision);
    mkdirSync(dirname(ref), { recursive: true });
    writeFileSync(ref, commit);
  }

  /** Points `snapshots/<commit>/<path>` at its blob, relatively, as huggingface_hub does. */
  link(commit: string, path: string, etag: string): void {
    const target = join(this.snapshotDir(commit), path);
    mkdirSync(dirname(target), { recursive: true });
    rmSync(target, { force: true });
    symlinkSync(relative(dirname(target), this.blobPath(etag)), target);
  }
}
