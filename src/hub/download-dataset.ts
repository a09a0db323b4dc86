import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HubError, listRepoFiles, resolveRevision, resolveUrl, type RepoFile } from './hub-api.js';
import { HubCache } from './hub-cache.js';
import type { HubSettings, RepoType } from './hub-settings.js';
import { downloadFile, expectedDigest } from './download-file.js';

export interface DownloadRequest {
  readonly repo: string;
  readonly type: RepoType;
  readonly revision: string;
  /** Every file of the repository, not only those of the official layout. */
  readonly all: boolean;
}

export interface DownloadProgress {
  readonly file: string;
  readonly fileBytes: number;
  readonly fileTotal: number;
  readonly doneBytes: number;
  readonly totalBytes: number;
  readonly filesDone: number;
  readonly filesTotal: number;
}

export interface DownloadResult {
  readonly commit: string;
  readonly snapshotDir: string;
  /** The folder holding `pair_gt_all/`: what `--data` takes. */
  readonly dataRoot: string | undefined;
  readonly files: readonly string[];
  readonly fetched: number;
  readonly alreadyCached: number;
}

const OFFICIAL_LAYOUT = /(^|\/)pair_gt_all\/([^/]+\.jsonl|parquet\/[^/]+\.parquet)$/;

/** The folder that holds `pair_gt_all/` inside a downloaded snapshot (it may sit below a `data/` folder). */
export function findDataRoot(dir: string, depth = 3): string | undefined {
  if (!existsSync(dir)) return undefined;
  if (existsSync(join(dir, 'pair_gt_all'))) return dir;
  if (depth === 0) return undefined;
  for (const name of readdirSync(dir).sort()) {
    const child = join(dir, name);
    if (statSync(child).isDirectory()) {
      const found = findDataRoot(child, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Fetches a repository's files into the Hub cache: the official layout by default, resumably, each
 * verified against the size and hash the Hub lists. Offline, only the cache is read.
 */
export async function downloadDataset(
  settings: HubSettings,
  request: DownloadRequest,
  onProgress: (p: DownloadProgress) => void = () => {},
): Promise<DownloadResult> {
  const cache = new HubCache(settings.cacheDir, request.repo, request.type);
  if (settings.offline) return cachedSnapshot(cache, request);

  const commit = await resolveRevision(settings, request.repo, request.type, request.revision);
  const listed = await listRepoFiles(settings, request.repo, request.type, commit);
  const files = request.all ? listed : listed.filter((f) => OFFICIAL_LAYOUT.test(f.path));
  if (files.length === 0) {
    const sample = listed.slice(0, 5).map((f) => f.path).join(', ');
    throw new HubError(
      `${request.repo} has no files in the official layout (pair_gt_all/<organ>.jsonl, pair_gt_all/parquet/<organ>.parquet)` +
        `${sample ? `; it has ${sample}${listed.length > 5 ? ', ...' : ''}` : ''}. Pass --all to fetch everything, or --repo-type model if it is a model repository`,
    );
  }
  const sizeOf = (f: RepoFile) => f.lfs?.size ?? f.size;
  const totalBytes = files.reduce((sum, f) => sum + sizeOf(f), 0);
  let doneBytes = 0;
  let fetched = 0;
  let alreadyCached = 0;
  for (const [index, file] of files.entries()) {
    const blob = cache.blobPath(expectedDigest(file).value);
    if (existsSync(blob)) alreadyCached++;
    else {
      await downloadFile(settings, resolveUrl(settings, request.repo, request.type, commit, file.path), file, blob, (fileBytes) =>
        onProgress({ file: file.path, fileBytes, fileTotal: sizeOf(file), doneBytes: doneBytes + fileBytes, totalBytes, filesDone: index, filesTotal: files.length }),
      );
      fetched++;
    }
    cache.link(commit, file.path, expectedDigest(file).value);
    doneBytes += sizeOf(file);
    onProgress({ file: file.path, fileBytes: sizeOf(file), fileTotal: sizeOf(file), doneBytes, totalBytes, filesDone: index + 1, filesTotal: files.length });
  }
  cache.writeRef(request.revision, commit);
  const snapshotDir = cache.snapshotDir(commit);
  return { commit, snapshotDir, dataRoot: findDataRoot(snapshotDir), files: files.map((f) => f.path), fetched, alreadyCached };
}

function cachedSnapshot(cache: HubCache, request: DownloadRequest): DownloadResult {
  const commit = cache.commitOf(request.revision);
  const snapshotDir = commit ? cache.snapshotDir(commit) : undefined;
  if (!commit || !snapshotDir || !existsSync(snapshotDir)) {
    throw new HubError(
      `offline, and ${request.repo} at ${request.revision} is not in the cache ${cache.repoDir}; run \`mrb data download\` once without --offline (or HF_HUB_OFFLINE)`,
    );
  }
  const dataRoot = findDataRoot(snapshotDir);
  if (!dataRoot) throw new HubError(`offline: the cached snapshot ${snapshotDir} has no pair_gt_all/ folder; run \`mrb data download\` online to complete it`);
  return { commit, snapshotDir, dataRoot, files: [], fetched: 0, alreadyCached: 0 };
}
