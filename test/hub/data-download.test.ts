import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub, type HubFile } from '../fakes/fake-hub.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

const REPO = 'Nandzy/Med-RewardBench';
const SAMPLE = fileURLToPath(new URL('../../data/sample', import.meta.url));

/** The bundled sample as the Hub would hold it: under data/, parquet files in LFS, plus a README. */
function sampleRepoFiles(): Map<string, HubFile> {
  const files = new Map<string, HubFile>([['README.md', { bytes: new TextEncoder().encode('# Med-RewardBench\n'), lfs: false }]]);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(jsonl|parquet)$/.test(entry.name)) {
        files.set(`data/${relative(SAMPLE, full)}`, { bytes: readFileSync(full), lfs: entry.name.endsWith('.parquet') });
      }
    }
  };
  walk(SAMPLE);
  return files;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const savedEnv = { ...process.env };
let hub: FakeHub | undefined;
let cache: string;

beforeEach(() => {
  cache = tempDir('mrb-hub-cache-');
  process.env.HF_HUB_CACHE = cache;
  delete process.env.HF_TOKEN;
  delete process.env.HF_HUB_OFFLINE;
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  process.env = { ...savedEnv };
});

async function startHub(options: Partial<Parameters<typeof startFakeHub>[0]> = {}) {
  hub = await startFakeHub({ repo: REPO, files: sampleRepoFiles(), pageSize: 7, ...options });
  process.env.HF_ENDPOINT = hub.endpoint;
  return hub;
}

describe('mrb data download', () => {
  it('fetches the official layout into the Hub cache, verifies it, validates it, and --data med-rewardbench uses it', async () => {
    const files = sampleRepoFiles();
    const h = await startHub();
    const result = await runCli(['data', 'download']);
    expect(result.code, result.stderr).toBe(0);
    const repoDir = join(cache, 'datasets--Nandzy--Med-RewardBench');
    expect(readFileSync(join(repoDir, 'refs', 'main'), 'utf8')).toBe(h.commit);
    const parquet = 'data/pair_gt_all/parquet/brain.parquet';
    const link = join(repoDir, 'snapshots', h.commit, parquet);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(`../../../../../blobs/${sha256(files.get(parquet)!.bytes)}`);
    expect(readFileSync(link)).toEqual(Buffer.from(files.get(parquet)!.bytes));
    // Only the official layout: the README stays on the Hub.
    expect(existsSync(join(repoDir, 'snapshots', h.commit, 'README.md'))).toBe(false);
    // Files with equal content (some organs' label files) share one blob.
    const [, fetched, cached] = /(\d+) file\(s\) downloaded, (\d+) already cached/.exec(result.stderr)!;
    expect(Number(fetched) + Number(cached)).toBe(26);
    expect(result.stderr).toContain('26 valid case(s)');
    // The listing was followed over its pages, and LFS files came from the storage server.
    expect(h.hubRequests.filter((r) => r.url.includes('/tree/')).length).toBeGreaterThan(1);
    expect(h.storageRequests).toHaveLength(13);

    await h.close();
    hub = undefined;
    const run = await runCli(['run', '--data', 'med-rewardbench', '--judge', 'baseline:always-a', '--store', join(tempDir(), 's.sqlite'), '--out', tempDir()]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('26 cases');
  });

  it('is a no-op the second time: every file is already cached', async () => {
    const h = await startHub();
    expect((await runCli(['data', 'download'])).code).toBe(0);
    const storage = h.storageRequests.length;
    const again = await runCli(['data', 'download']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 file(s) downloaded, 26 already cached');
    expect(h.storageRequests).toHaveLength(storage);
  });

  it('resumes a file cut off mid-way with a range request, and the result matches its SHA-256', async () => {
    const files = sampleRepoFiles();
    const path = 'data/pair_gt_all/parquet/chest.parquet';
    const h = await startHub({ cutOnce: new Set([path]) });
    const result = await runCli(['data', 'download']);
    expect(result.code, result.stderr).toBe(0);
    const hash = sha256(files.get(path)!.bytes);
    const requests = h.storageRequests.filter((r) => r.url.endsWith(hash));
    expect(requests).toHaveLength(2);
    expect(requests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(requests[1]!.range!)![0])).toBeGreaterThan(0);
    const blob = join(cache, 'datasets--Nandzy--Med-RewardBench', 'blobs', hash);
    expect(sha256(readFileSync(blob))).toBe(hash);
  });

  it('detects a corrupted byte, names the file, and keeps no bad blob', async () => {
    const path = 'data/pair_gt_all/parquet/eye.parquet';
    await startHub({ corrupt: new Set([path]) });
    const result = await runCli(['data', 'download']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path}: content does not match the Hub's sha256`);
    const blobs = readdirSync(join(cache, 'datasets--Nandzy--Med-RewardBench', 'blobs'));
    expect(blobs.some((b) => b.endsWith('.incomplete'))).toBe(false);
  });

  it('works offline from the cache, and says what is missing when the cache is empty', async () => {
    process.env.HF_HUB_OFFLINE = '1';
    const missing = await runCli(['data', 'download']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('offline, and Nandzy/Med-RewardBench at main is not in the cache');
    const notDownloaded = await runCli(['run', '--data', 'med-rewardbench', '--store', join(tempDir(), 's.sqlite')]);
    expect(notDownloaded.code).toBe(2);
    expect(notDownloaded.stderr).toContain('med-rewardbench is not downloaded yet');

    delete process.env.HF_HUB_OFFLINE;
    const h = await startHub();
    expect((await runCli(['data', 'download'])).code).toBe(0);
    await h.close();
    hub = undefined;
    const offline = await runCli(['data', 'download', '--offline']);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toContain('offline: using the cached snapshot');
    expect(offline.stderr).toContain('26 valid case(s)');
  });

  it('asks for a token for a gated repository, sends HF_TOKEN to the Hub only, never to storage', async () => {
    const h = await startHub({ gated: true, token: 'hf_secret_token_123' });
    const refused = await runCli(['data', 'download']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the Hub requires a token (HTTP 401, GatedRepo)');

    process.env.HF_TOKEN = 'hf_secret_token_123';
    const ok = await runCli(['data', 'download']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(h.hubRequests.at(-1)!.authorization).toBe('Bearer hf_secret_token_123');
    expect(h.storageRequests.every((r) => r.authorization === undefined)).toBe(true);
    expect(ok.stderr + ok.stdout).not.toContain('hf_secret_token_123');
  });

  it('names a revision the Hub does not have', async () => {
    await startHub();
    const result = await runCli(['data', 'download', '--revision', 'v9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dataset Nandzy/Med-RewardBench at revision v9: not found (HTTP 404, RevisionNotFound)');
  });
});
