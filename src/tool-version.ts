import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version of med-rewardbench (package.json's). */
export const TOOL_VERSION = '0.1.0';

let identity: string | undefined;

/**
 * The version and the code itself (each of its module files' size and modification time): stored
 * with what a run's files were read and written by, so that no other code's work, even of the same
 * version (a checkout rebuilt), is taken for this code's.
 */
export function codeIdentity(): string {
  if (identity) return identity;
  const root = dirname(fileURLToPath(import.meta.url));
  const modules = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(js|ts|mjs)$/.test(name))
    .sort();
  const hash = createHash('sha256');
  for (const name of modules) {
    const stat = statSync(join(root, name));
    hash.update(`${name}\u0000${stat.size}\u0000${stat.mtimeMs}\u0001`);
  }
  identity = `${TOOL_VERSION}+${hash.digest('hex').slice(0, 12)}`;
  return identity;
}
