/** Raw RGB pixels of an uncompressed BMP, for converting it where libvips (sharp) has no BMP reader. */
export interface RawPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3;
}

/** Decodes 24- and 32-bit uncompressed BMPs (the kind image tools write); anything else is refused with why. */
export function bmpPixels(bytes: Uint8Array): RawPixels {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 54 || b.toString('latin1', 0, 2) !== 'BM') throw new Error('not a BMP file');
  const offset = b.readUInt32LE(10);
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  if (width <= 0 || rawHeight === 0) throw new Error(`BMP has impossible dimensions ${width} x ${rawHeight}`);
  if (!((bpp === 24 && compression === 0) || (bpp === 32 && (compression === 0 || compression === 3)))) {
    throw new Error(`only uncompressed 24- and 32-bit BMPs can be converted (this one has ${bpp} bits, compression ${compression})`);
  }
  const height = Math.abs(rawHeight);
  const bytesPerPixel = bpp / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (offset + stride * height > b.length) throw new Error('BMP pixel data is truncated');
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Rows are stored bottom-up unless the height is negative.
    const row = offset + stride * (rawHeight > 0 ? height - 1 - y : y);
    for (let x = 0; x < width; x++) {
      const src = row + x * bytesPerPixel;
      const dst = (y * width + x) * 3;
      data[dst] = b[src + 2]!;
      data[dst + 1] = b[src + 1]!;
      data[dst + 2] = b[src]!;
    }
  }
  return { data, width, height, channels: 3 };
}
