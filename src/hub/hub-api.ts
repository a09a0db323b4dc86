import type { HubSettings, RepoType } from './hub-settings.js';

/** A file of a repository as the Hub lists it. `lfs.oid` is the SHA-256 of the content. */
export interface RepoFile {
  readonly path: string;
  readonly size: number;
  /** Git blob id (SHA-1 of the git object) of the file, or of its LFS pointer. */
  readonly oid: string;
  readonly lfs?: { readonly oid: string; readonly size: number };
}

export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

const plural = (type: RepoType) => `${type}s`;

export function hubHeaders(settings: HubSettings): Record<string, string> {
  return settings.token ? { authorization: `Bearer ${settings.token}` } : {};
}

async function hubJson(url: string, settings: HubSettings, what: string): Promise<{ body: unknown; next?: string }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: hubHeaders(settings) });
  } catch (error) {
    throw new HubError(`cannot reach the Hub at ${settings.endpoint} (${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}); set HF_ENDPOINT for a mirror, or use --offline`);
  }
  if (!response.ok) {
    const code = response.headers.get('x-error-code');
    if (response.status === 401 || response.status === 403) {
      throw new HubError(
        settings.token
          ? `${what}: the Hub refused the token in HF_TOKEN (HTTP ${response.status}${code ? `, ${code}` : ''}); check it has access to this repository`
          : `${what}: the Hub requires a token (HTTP ${response.status}${code ? `, ${code}` : ''}); accept the dataset's terms on the Hub and set HF_TOKEN`,
        response.status,
      );
    }
    if (response.status === 404) {
      throw new HubError(`${what}: not found (HTTP 404${code ? `, ${code}` : ''}); check the repository name, --repo-type and --revision`, 404);
    }
    throw new HubError(`${what}: HTTP ${response.status}`, response.status);
  }
  const link = response.headers.get('link');
  const next = link ? /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] : undefined;
  return { body: await response.json(), ...(next ? { next } : {}) };
}

/** The commit a revision names right now. */
export async function resolveRevision(settings: HubSettings, repo: string, type: RepoType, revision: string): Promise<string> {
  const url = `${settings.endpoint}/api/${plural(type)}/${repo}/revision/${encodeURIComponent(revision)}`;
  const { body } = await hubJson(url, settings, `${type} ${repo} at revision ${revision}`);
  const sha = (body as { sha?: unknown }).sha;
  if (typeof sha !== 'string') throw new HubError(`${repo}: the Hub's answer has no commit id`);
  return sha;
}

/** Every file of the repository at a commit, following the listing's pages. */
export async function listRepoFiles(settings: HubSettings, repo: string, type: RepoType, commit: string): Promise<RepoFile[]> {
  const files: RepoFile[] = [];
  let url: string | undefined = `${settings.endpoint}/api/${plural(type)}/${repo}/tree/${commit}?recursive=true&expand=false`;
  while (url) {
    const page = await hubJson(url, settings, `listing the files of ${repo}`);
    for (const entry of page.body as Array<Record<string, unknown>>) {
      if (entry.type !== 'file') continue;
      const lfs = entry.lfs as { oid?: string; size?: number } | undefined;
      files.push({
        path: String(entry.path),
        size: Number(entry.size),
        oid: String(entry.oid),
        ...(lfs?.oid ? { lfs: { oid: lfs.oid, size: Number(lfs.size ?? entry.size) } } : {}),
      });
    }
    url = page.next ? new URL(page.next, settings.endpoint).href : undefined;
  }
  return files;
}

export function resolveUrl(settings: HubSettings, repo: string, type: RepoType, commit: string, path: string): string {
  const prefix = type === 'model' ? '' : `${plural(type)}/`;
  return `${settings.endpoint}/${prefix}${repo}/resolve/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
}
