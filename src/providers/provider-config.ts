import { ProviderConfigError } from './chat.js';

/** A base URL without its trailing slash, refused unless it is http(s). */
export function httpEndpoint(baseUrl: string): string {
  const endpoint = baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ProviderConfigError(`not an http(s) URL: ${baseUrl} (e.g. http://127.0.0.1:8000/v1)`);
  }
  return endpoint;
}

/**
 * Stands in for the key when nothing will be sent (`mrb plan`, `mrb batch export`): planning a
 * run should not need credentials.
 */
export const OFFLINE_KEY = 'offline-nothing-is-sent';
let offline = false;

/** Runs `work` with keys not required; providers built meanwhile hold OFFLINE_KEY and must not be used to send. */
export function withoutKeys<T>(work: () => T): T {
  offline = true;
  try {
    return work();
  } finally {
    offline = false;
  }
}

/** The key from the first of these variables that is set; the error names the variables, never a value. */
export function optionalApiKey(variable: string | undefined): string | undefined {
  if (!variable) return undefined;
  return process.env[variable] || (offline ? OFFLINE_KEY : undefined);
}

export function requireApiKey(...variables: readonly string[]): string {
  if (offline) return OFFLINE_KEY;
  for (const name of variables) {
    const value = process.env[name];
    if (value) return value;
  }
  throw new ProviderConfigError(`no API key: set ${variables.join(' or ')}`);
}
