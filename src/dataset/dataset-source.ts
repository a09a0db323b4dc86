import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { DataError } from './data-problem.js';
import { registeredDatasetPath } from './registered-datasets.js';

/** The two files of one organ system in the official layout; either may be missing (a problem). */
export interface OrganFiles {
  readonly organ: string;
  readonly groundTruth?: string;
  readonly parquet?: string;
}

export type DatasetSource =
  | { readonly kind: 'official'; readonly path: string; readonly organs: readonly OrganFiles[] }
  | { readonly kind: 'file'; readonly path: string; readonly format: 'parquet' | 'jsonl' };

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/**
 * `--data` may name the dataset root, its `pair_gt_all/` folder, one `.parquet` / `.jsonl` file
 * with labels inline, or a registered dataset downloaded with `mrb data download`.
 */
export function resolveDatasetSource(path: string): DatasetSource {
  if (!existsSync(resolve(path))) {
    // A registered name (`med-rewardbench`) stands for its downloaded copy in the Hub cache.
    const registered = registeredDatasetPath(path);
    if (registered && 'problem' in registered) throw new DataError([{ file: path, message: registered.problem }]);
    if (registered) return resolveDatasetSource(registered.path);
  }
  const full = resolve(path);
  if (!existsSync(full)) throw new DataError([{ file: path, message: 'no such file or directory' }]);
  if (!isDir(full)) {
    const ext = extname(full).toLowerCase();
    if (ext === '.parquet' || ext === '.jsonl') return { kind: 'file', path: full, format: ext === '.parquet' ? 'parquet' : 'jsonl' };
    throw new DataError([{ file: path, message: 'expected a .parquet or .jsonl file, or a dataset directory' }]);
  }
  const dir = isDir(join(full, 'pair_gt_all')) ? join(full, 'pair_gt_all') : full;
  const parquetDir = join(dir, 'parquet');
  const stems = new Map<string, { groundTruth?: string; parquet?: string }>();
  const entry = (stem: string) => stems.get(stem) ?? stems.set(stem, {}).get(stem)!;
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.jsonl')) entry(basename(name, '.jsonl')).groundTruth = join(dir, name);
  }
  if (isDir(parquetDir)) {
    for (const name of readdirSync(parquetDir)) {
      if (name.endsWith('.parquet')) entry(basename(name, '.parquet')).parquet = join(parquetDir, name);
    }
  }
  if (stems.size === 0) {
    throw new DataError([
      { file: path, message: 'no dataset here: expected pair_gt_all/<organ>.jsonl and pair_gt_all/parquet/<organ>.parquet' },
    ]);
  }
  const organs = [...stems.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([organ, files]) => ({ organ, ...files }));
  return { kind: 'official', path: full, organs };
}
