import { createHash } from 'node:crypto';

/** JSON with sorted object keys, so equal requests always hash alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A trial's key: the hash of the exact request it sends (images by their hash, never their bytes). */
export function trialKey(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}
