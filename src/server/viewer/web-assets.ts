import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The viewer's browser files, found beside the package whether it runs from `src/` or `dist/`. */
const WEB_DIR = new URL('../../../web/viewer/', import.meta.url);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** The only files served: a fixed list, so no request can name a path of its own. */
export const WEB_FILES = ['index.html', 'app.js', 'api.js', 'dom.js', 'views-runs.js', 'views-run.js', 'views-case.js', 'image-zoom.js', 'format.js', 'style.css'] as const;
export type WebFile = (typeof WEB_FILES)[number];

export interface WebAsset {
  readonly body: string;
  readonly type: string;
}

/** Reads the files once; `fresh` re-reads them on every request, for working on the viewer itself. */
export function webAssets(fresh = false): (name: string) => WebAsset | undefined {
  const read = (name: WebFile): WebAsset => ({ body: readFileSync(fileURLToPath(new URL(name, WEB_DIR)), 'utf8'), type: TYPES[name.split('.').pop()!]! });
  const loaded = new Map(WEB_FILES.map((name) => [name as string, read(name)]));
  return (name) => {
    if (!loaded.has(name)) return undefined;
    return fresh ? read(name as WebFile) : loaded.get(name);
  };
}
