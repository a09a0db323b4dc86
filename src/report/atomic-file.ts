import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * A file is written under a temporary name, then renamed into place: a crash mid-write never
 * leaves a half file in place of a good one. The temporary name is unique to the writer, as
 * several workers of one run may write the same output folder at once.
 */
export async function replaceFile(path: string, write: (temporaryPath: string) => void | Promise<void>): Promise<void> {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await write(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function replaceFileSync(path: string, write: (temporaryPath: string) => void): void {
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    write(temporary);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  replaceFileSync(path, (temporary) => writeFileSync(temporary, data));
}
