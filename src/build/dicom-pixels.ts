import type { DeidentificationRecord } from './build-item.js';

export interface WindowedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** 8-bit samples, row by row, channels interleaved. */
  readonly pixels: Uint8Array;
  readonly window: DeidentificationRecord['window'];
}

const first = (value: unknown): number | undefined => {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

function frameBytes(dataset: Record<string, unknown>, frameLength: number): Uint8Array {
  const data = dataset.PixelData;
  const parts = (Array.isArray(data) ? data : [data]) as Array<ArrayBuffer | ArrayBufferView>;
  const whole = parts.length === 1 ? parts[0]! : Buffer.concat(parts.map((p) => (p instanceof ArrayBuffer ? new Uint8Array(p) : new Uint8Array(p.buffer, p.byteOffset, p.byteLength))));
  const bytes = whole instanceof ArrayBuffer ? new Uint8Array(whole) : new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength);
  if (bytes.length < frameLength) throw new Error(`PixelData holds ${bytes.length} bytes, one frame needs ${frameLength}`);
  // The first frame: a multi-frame file shows its first image, as viewers do.
  return bytes.subarray(0, frameLength);
}

/**
 * Turns the stored values of a little-endian, uncompressed DICOM image into 8-bit pixels: rescale
 * (slope, intercept) to modality units, then the header's first VOI window, as a radiologist's
 * viewer opens the image; without a window, the image's own value range. MONOCHROME1 is inverted.
 */
export function windowPixels(dataset: Record<string, unknown>): WindowedImage {
  const width = first(dataset.Columns);
  const height = first(dataset.Rows);
  const samples = first(dataset.SamplesPerPixel) ?? 1;
  const bits = first(dataset.BitsAllocated) ?? 16;
  const stored = first(dataset.BitsStored) ?? bits;
  const signed = first(dataset.PixelRepresentation) === 1;
  const photometric = String(dataset.PhotometricInterpretation ?? 'MONOCHROME2').trim().toUpperCase();
  if (!width || !height) throw new Error('Rows or Columns missing');
  const count = width * height;

  if (samples === 3) {
    if (bits !== 8 || photometric !== 'RGB') throw new Error(`colour images must be 8-bit RGB (got ${bits}-bit ${photometric})`);
    const raw = frameBytes(dataset, count * 3);
    const planar = first(dataset.PlanarConfiguration) === 1;
    const pixels = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) for (let c = 0; c < 3; c++) pixels[i * 3 + c] = planar ? raw[c * count + i]! : raw[i * 3 + c]!;
    return { width, height, channels: 3, pixels, window: { center: 127.5, width: 256, from: 'header' } };
  }
  if (samples !== 1 || !photometric.startsWith('MONOCHROME')) throw new Error(`unsupported photometric interpretation ${photometric} with ${samples} sample(s) per pixel`);
  if (bits !== 8 && bits !== 16) throw new Error(`unsupported BitsAllocated ${bits}`);

  const raw = frameBytes(dataset, count * (bits / 8));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const mask = 2 ** stored - 1;
  const slope = first(dataset.RescaleSlope) ?? 1;
  const intercept = first(dataset.RescaleIntercept) ?? 0;
  const values = new Float64Array(count);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    let v = bits === 8 ? raw[i]! : view.getUint16(i * 2, true);
    v &= mask;
    if (signed && v >= 2 ** (stored - 1)) v -= 2 ** stored;
    const value = v * slope + intercept;
    values[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const headerCenter = first(dataset.WindowCenter);
  const headerWidth = first(dataset.WindowWidth);
  const window =
    headerCenter !== undefined && headerWidth !== undefined && headerWidth >= 1
      ? { center: headerCenter, width: headerWidth, from: 'header' as const }
      : { center: (min + max) / 2, width: Math.max(1, max - min), from: 'pixel range' as const };
  const invert = photometric === 'MONOCHROME1';
  const pixels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const level = windowLevel(values[i]!, window.center, window.width);
    pixels[i] = invert ? 255 - level : level;
  }
  return { width, height, channels: 1, pixels, window };
}

/** The linear VOI function of DICOM PS3.3 C.11.2.1.2, onto 0..255. */
export function windowLevel(x: number, center: number, width: number): number {
  const low = center - 0.5 - (width - 1) / 2;
  const high = center - 0.5 + (width - 1) / 2;
  if (x <= low) return 0;
  if (x > high) return 255;
  if (width <= 1) return 255;
  return Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255);
}
