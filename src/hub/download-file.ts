import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { HubError, hubHeaders, type RepoFile } from './hub-api.js';
import type { HubSettings } from './hub-settings.js';

/** The content hash the Hub gives for a file, and the blob name it is cached under. */
export function expectedDigest(file: RepoFile): { algorithm: 'sha256' | 'git-sha1'; value: string } {
  return file.lfs ? { algorithm: 'sha256', value: file.lfs.oid } : { algorithm: 'git-sha1', value: file.oid };
}

function newHash(file: RepoFile): Hash {
  // A git blob id is the SHA-1 of a header and the content; LFS files are named by their SHA-256.
  return file.lfs ? createHash('sha256') : createHash('sha1').update(`blob ${file.size}\0`);
}

async function hashExisting(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

const MAX_REDIRECTS = 5;

/**
 * GET with the token sent to the Hub only: redirects to other origins (the storage behind LFS
 * files) are followed by hand, without it.
 */
async function getFollowing(url: string, settings: HubSettings, headers: Record<string, string>): Promise<Response> {
  const hubOrigin = new URL(settings.endpoint).origin;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const sameOrigin = new URL(current).origin === hubOrigin;
    const response = await fetch(current, { headers: { ...headers, ...(sameOrigin ? hubHeaders(settings) : {}) }, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      current = new URL(location, current).href;
      continue;
    }
    return response;
  }
  throw new HubError(`too many redirects for ${url}`);
}

export interface FileProgress {
  (bytesNow: number): void;
}

/**
 * Downloads one file into its blob, resuming a previous partial download with a range request,
 * then checks size and hash before the blob takes its final name. A mismatch deletes the partial
 * file, so the next attempt starts clean.
 */
export async function downloadFile(
  settings: HubSettings,
  url: string,
  file: RepoFile,
  blobPath: string,
  onBytes: FileProgress,
  attempts = 3,
): Promise<void> {
  if (existsSync(blobPath)) return;
  mkdirSync(dirname(blobPath), { recursive: true });
  const partial = `${blobPath}.incomplete`;
  const total = file.lfs?.size ?? file.size;
  for (let attempt = 1; ; attempt++) {
    try {
      await fetchInto(settings, url, file, partial, total, onBytes);
      break;
    } catch (error) {
      const retryable = !(error instanceof HubError && error.status !== undefined && error.status < 500);
      if (!retryable || attempt >= attempts) {
        throw new HubError(`${file.path}: download failed (${(error as Error).message}); run the same command again to resume it`);
      }
    }
  }
  const size = statSync(partial).size;
  if (size !== total) {
    rmSync(partial);
    throw new HubError(`${file.path}: expected ${total} bytes, got ${size}; the partial file was removed`);
  }
  const hash = newHash(file);
  await hashExisting(partial, hash);
  const digest = hash.digest('hex');
  const expected = expectedDigest(file);
  if (digest !== expected.value) {
    rmSync(partial);
    throw new HubError(`${file.path}: content does not match the Hub's ${expected.algorithm} ${expected.value} (got ${digest}); the partial file was removed`);
  }
  renameSync(partial, blobPath);
}

async function fetchInto(settings: HubSettings, url: string, file: RepoFile, partial: string, total: number, onBytes: FileProgress) {
  const have = existsSync(partial) ? statSync(partial).size : 0;
  if (have === total && total > 0) return;
  const response = await getFollowing(url, settings, have > 0 ? { range: `bytes=${have}-` } : {});
  if (response.status === 416) return; // we already hold every byte
  if (!response.ok) throw new HubError(`${file.path}: HTTP ${response.status}`, response.status);
  // A server that ignores the range sends the whole file: start over rather than append it twice.
  const append = have > 0 && response.status === 206;
  if (!append) rmSync(partial, { force: true });
  let written = append ? have : 0;
  onBytes(written);
  const out = createWriteStream(partial, { flags: append ? 'a' : 'w' });
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      written += chunk.length;
      onBytes(written);
    }
  } finally {
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
