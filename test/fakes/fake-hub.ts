import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubFile {
  readonly bytes: Uint8Array;
  /** Served through LFS: a redirect to the storage server, listed with its SHA-256. */
  readonly lfs: boolean;
}

export interface FakeHubOptions {
  readonly repo: string;
  readonly files: ReadonlyMap<string, HubFile>;
  readonly gated?: boolean;
  readonly token?: string;
  /** Paths whose first storage response is cut off half way. */
  readonly cutOnce?: ReadonlySet<string>;
  /** Paths served with one byte changed. */
  readonly corrupt?: ReadonlySet<string>;
  readonly pageSize?: number;
}

export interface RecordedRequest {
  readonly url: string;
  readonly range?: string;
  readonly authorization?: string;
}

export interface FakeHub {
  readonly endpoint: string;
  readonly commit: string;
  readonly hubRequests: RecordedRequest[];
  readonly storageRequests: RecordedRequest[];
  close(): Promise<void>;
}

const gitBlobId = (bytes: Uint8Array) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function record(req: IncomingMessage): RecordedRequest {
  return {
    url: req.url ?? '',
    ...(req.headers.range ? { range: req.headers.range } : {}),
    ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The Hugging Face Hub's HTTP API as the downloader sees it: revision info, the paginated tree
 * listing with sizes, git and LFS oids, resolve URLs that redirect LFS files to a storage server on
 * another origin, range requests there, 401 for a gated repository without its token, 404 for an
 * unknown revision.
 */
export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const commit = createHash('sha1').update(options.repo).digest('hex');
  const hubRequests: RecordedRequest[] = [];
  const storageRequests: RecordedRequest[] = [];
  const byHash = new Map([...options.files].map(([path, f]) => [sha256(f.bytes), { path, ...f }]));
  const cut = new Set(options.cutOnce);

  const storage = createServer((req, res) => {
    storageRequests.push(record(req));
    const entry = byHash.get((req.url ?? '').split('/').pop() ?? '');
    if (!entry) return void res.writeHead(404).end();
    let bytes = Buffer.from(entry.bytes);
    if (options.corrupt?.has(entry.path)) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length >> 1]! ^= 0xff;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start >= bytes.length && range) return void res.writeHead(416).end();
    const body = bytes.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-length': body.length,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (cut.delete(entry.path)) {
      res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy());
      return;
    }
    res.end(body);
  });
  const storageUrl = await listen(storage);

  const hub = createServer((req, res) => {
    hubRequests.push(record(req));
    const url = new URL(req.url ?? '/', 'http://hub');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    const authorized = !options.gated || req.headers.authorization === `Bearer ${options.token}`;
    const api = new RegExp(`^/api/datasets/${options.repo}/(revision|tree)/([^/]+)$`).exec(url.pathname);
    const resolve = new RegExp(`^/datasets/${options.repo}/resolve/([^/]+)/(.+)$`).exec(url.pathname);
    const match = api ?? resolve;
    if (!match) return json(404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
    if (!authorized) return json(401, { error: 'Access to this dataset is restricted.' }, { 'x-error-code': 'GatedRepo' });
    const revision = decodeURIComponent(match[api ? 2 : 1]!);
    if (revision !== 'main' && revision !== commit) return json(404, { error: `Revision not found: ${revision}` }, { 'x-error-code': 'RevisionNotFound' });
    if (api?.[1] === 'revision') {
      return json(200, { id: options.repo, sha: commit, siblings: [...options.files.keys()].map((rfilename) => ({ rfilename })) });
    }
    if (api?.[1] === 'tree') {
      const entries = [...options.files].map(([path, f]) => ({
        type: 'file',
        oid: gitBlobId(f.lfs ? new TextEncoder().encode(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(f.bytes)}\nsize ${f.bytes.length}\n`) : f.bytes),
        size: f.bytes.length,
        path,
        ...(f.lfs ? { lfs: { oid: sha256(f.bytes), size: f.bytes.length, pointerSize: 134 } } : {}),
      }));
      const pageSize = options.pageSize ?? 10;
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const next = cursor + pageSize < entries.length ? `${url.pathname}?recursive=true&cursor=${cursor + pageSize}` : undefined;
      return json(200, entries.slice(cursor, cursor + pageSize), next ? { link: `<${next}>; rel="next"` } : {});
    }
    const path = decodeURIComponent(resolve![2]!);
    const file = options.files.get(path);
    if (!file) return json(404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    if (file.lfs) {
      res.writeHead(302, { location: `${storageUrl}/lfs/${sha256(file.bytes)}`, 'x-repo-commit': commit, 'x-linked-etag': `"${sha256(file.bytes)}"` }).end();
      return;
    }
    res.writeHead(200, { 'content-length': file.bytes.length, etag: `"${gitBlobId(file.bytes)}"`, 'x-repo-commit': commit }).end(Buffer.from(file.bytes));
  });
  const endpoint = await listen(hub);

  return {
    endpoint,
    commit,
    hubRequests,
    storageRequests,
    async close() {
      for (const server of [hub, storage]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
