import { ProviderConfigError } from './chat.js';

/** A base URL without its trailing slash, refused unless it is http(s). */
export function httpEndpoint(baseUrl: string): string {
  const endpoint = baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ProviderConfigError(`not an http(s) URL: ${baseUrl} (e.g. http://127.0.0.1:8000/v1)`);
  }
  return endpoint;
}

/** The key from the first of these variables that is set; the error names the variables, never a value. */
export function requireApiKey(...variables: readonly string[]): string {
  for (const name of variables) {
    const value = process.env[name];
    if (value) return value;
  }
  throw new ProviderConfigError(`no API key: set ${variables.join(' or ')}`);
}
