export const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/tiff'] as const;
export type ImageMime = (typeof IMAGE_MIMES)[number];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IEND = ascii('IEND');

/**
 * What kind of image these bytes are, judged from their headers, or why they are not one we
 * can send. PNG and JPEG, the formats of the released data, are also checked for truncation.
 */
export function sniffImage(bytes: Uint8Array): { mime: ImageMime } | { problem: string } {
  if (bytes.length === 0) return { problem: 'image is empty' };
  if (startsWith(bytes, PNG_SIGNATURE)) {
    if (!startsWith(bytes, ascii('IHDR'), 12)) return { problem: 'PNG without an IHDR header' };
    const tail = bytes.subarray(Math.max(0, bytes.length - 12));
    const hasEnd = tail.some((_, i) => startsWith(tail, PNG_IEND, i));
    return hasEnd ? { mime: 'image/png' } : { problem: 'PNG is truncated (no IEND chunk)' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
    for (let i = tail.length - 2; i >= 0; i--) {
      if (tail[i] === 0xff && tail[i + 1] === 0xd9) return { mime: 'image/jpeg' };
    }
    return { problem: 'JPEG is truncated (no end-of-image marker)' };
  }
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return { mime: 'image/gif' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { mime: 'image/webp' };
  if (startsWith(bytes, ascii('BM')) && bytes.length > 26) return { mime: 'image/bmp' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { mime: 'image/tiff' };
  if (startsWith(bytes, ascii('DICM'), 128)) return { problem: 'DICOM file: judges take PNG or JPEG; convert it first' };
  return { problem: `not an image (first bytes ${Buffer.from(bytes.subarray(0, 8)).toString('hex')})` };
}
