import { crc32 } from 'node:zlib';

export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'] as const;
export type ImageMime = (typeof IMAGE_MIMES)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * What kind of image these bytes are, judged from their headers, or why they are not one we
 * can send. PNG and JPEG, the formats of the released data, are also checked for truncation.
 */
export function sniffImage(bytes: Uint8Array): { mime: ImageMime } | { problem: string } {
  if (bytes.length === 0) return { problem: 'image is empty' };
  if (startsWith(bytes, PNG_SIGNATURE)) {
    if (!startsWith(bytes, ascii('IHDR'), 12)) return { problem: 'PNG without an IHDR header' };
    const damage = pngDamage(bytes);
    return damage ? { problem: damage } : { mime: 'image/png' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const damage = jpegDamage(bytes);
    return damage ? { problem: damage } : { mime: 'image/jpeg' };
  }
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return { mime: 'image/gif' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { mime: 'image/webp' };
  if (startsWith(bytes, ascii('BM')) && bytes.length > 26) return { mime: 'image/bmp' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { mime: 'image/tiff' };
  if (startsWith(bytes, ascii('DICM'), 128)) return { problem: 'DICOM file: judges take PNG or JPEG; convert it first' };
  return { problem: `not an image (first bytes ${Buffer.from(bytes.subarray(0, 8)).toString('hex')})` };
}

/** Walks every PNG chunk and checks its CRC: flipped or zeroed bytes anywhere are caught, not only a cut end. */
function pngDamage(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return 'PNG is truncated (a chunk runs past the end)';
    const type = bytes.subarray(at + 4, at + 8);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) {
      return `PNG is damaged (bad checksum in chunk ${String.fromCharCode(...type)} at byte ${at})`;
    }
    if (startsWith(type, ascii('IEND'))) return undefined;
    at = end;
  }
  return 'PNG is truncated (no IEND chunk)';
}

/** Walks the JPEG header segments up to the image data, then looks for the end-of-image marker. */
function jpegDamage(bytes: Uint8Array): string | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return `JPEG is damaged (no segment marker at byte ${at})`;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (length < 2 || at + 2 + length > bytes.length) return 'JPEG is truncated (a header segment runs past the end)';
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    at += 2 + length;
  }
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
  for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return undefined;
  return 'JPEG is truncated (no end-of-image marker)';
}
