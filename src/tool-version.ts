import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's root: src/ and dist/ both sit one level below it.
const PACKAGE_JSON = new URL('../package.json', import.meta.url);

let version: string | undefined;

/** The version of med-rewardbench, as package.json gives it. */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  return version;
}

let identity: string | undefined;

/**
 * The version and the code itself: a hash of package.json (the exact versions of the libraries)
 * and of every module's content. Stored with what a run's files were read and written by, so that
 * no other code's work, even of the same version (a checkout changed and rebuilt), is taken for
 * this code's. Contents, not modification times: npm gives every installed file the same time.
 */
export function codeIdentity(): string {
  if (identity) return identity;
  const root = dirname(fileURLToPath(import.meta.url));
  const modules = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(js|mjs|ts)$/.test(name) && !name.endsWith('.d.ts'))
    .sort();
  const hash = createHash('sha256').update(readFileSync(PACKAGE_JSON));
  for (const name of modules) hash.update(`\u0000${name}\u0000`).update(readFileSync(join(root, name)));
  identity = `${toolVersion()}+${hash.digest('hex').slice(0, 12)}`;
  return identity;
}
