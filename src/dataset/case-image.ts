import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CaseImage } from './case.js';
import { sniffImage } from './image-format.js';

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;
const DATA_URL = /^data:[^;,]*;base64,/;

/** Raw bytes from every shape an image column takes: HF struct, bytes, base64, data URL, or a path. */
function imageBytes(value: unknown, baseDir: string): { bytes: Uint8Array; file?: string } | { problem: string } {
  if (value instanceof Uint8Array) return { bytes: value };
  if (typeof value === 'string') {
    if (DATA_URL.test(value)) return { bytes: Buffer.from(value.slice(value.indexOf(',') + 1), 'base64') };
    if (value.length > 256 && BASE64.test(value)) return { bytes: Buffer.from(value, 'base64') };
    return imageFile(value, baseDir);
  }
  if (value !== null && typeof value === 'object') {
    const { bytes, path } = value as { bytes?: unknown; path?: unknown };
    if (bytes !== null && bytes !== undefined) return imageBytes(bytes, baseDir);
    if (typeof path === 'string' && path !== '') return imageFile(path, baseDir);
    return { problem: 'image struct has neither bytes nor a path' };
  }
  return { problem: 'missing image' };
}

function imageFile(path: string, baseDir: string): { bytes: Uint8Array; file: string } | { problem: string } {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  if (!existsSync(full)) return { problem: `image file not found: ${path}` };
  try {
    return { bytes: readFileSync(full), file: full };
  } catch (error) {
    return { problem: `image file unreadable: ${path} (${(error as Error).message})` };
  }
}

export function readCaseImage(value: unknown, baseDir: string): { image: CaseImage } | { problem: string } {
  const read = imageBytes(value, baseDir);
  if ('problem' in read) return read;
  const kind = sniffImage(read.bytes);
  if ('problem' in kind) return kind;
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  return { image: { bytes: read.bytes, mime: kind.mime, sha256, ...(read.file ? { file: read.file } : {}) } };
}
