import { homedir } from 'node:os';
import { join } from 'node:path';

export const REPO_TYPES = ['dataset', 'model'] as const;
export type RepoType = (typeof REPO_TYPES)[number];

/** Where and how to reach the Hub, read from the same environment variables `huggingface_hub` uses. */
export interface HubSettings {
  readonly endpoint: string;
  /** Sent only to the Hub itself, never to the storage a download is redirected to. */
  readonly token?: string;
  readonly cacheDir: string;
  readonly offline: boolean;
}

const truthy = (value: string | undefined) => ['1', 'true', 'yes', 'on'].includes((value ?? '').trim().toLowerCase());

export function hubSettings(env: NodeJS.ProcessEnv = process.env, overrides: { cacheDir?: string; offline?: boolean } = {}): HubSettings {
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  const token = env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN;
  return {
    endpoint: (env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, ''),
    ...(token ? { token } : {}),
    cacheDir: overrides.cacheDir ?? env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE ?? join(home, 'hub'),
    offline: overrides.offline ?? truthy(env.HF_HUB_OFFLINE),
  };
}
