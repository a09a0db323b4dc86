import { statSync } from 'node:fs';

/** A file as the file system describes it: a write, a replacement or a copy over it changes one of these. */
export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly inode: string;
}

/** Undefined when the file is missing. */
export function stampFile(path: string): FileStamp | undefined {
  let stat;
  try {
    stat = statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
  return { path, size: Number(stat.size), mtimeNs: String(stat.mtimeNs), ctimeNs: String(stat.ctimeNs), inode: String(stat.ino) };
}

export function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.inode === b.inode;
}

// A file written this recently may be written again within the same tick of the file system's
// clock, leaving its modification time as it was: its stamp cannot tell that later write from it.
// (A recent change time alone is harmless: a later write would still move the modification time.)
const SETTLED_MS = 2000;

export function writtenRecently(stamp: FileStamp, now = Date.now()): boolean {
  return now - Number(BigInt(stamp.mtimeNs) / 1_000_000n) < SETTLED_MS;
}
