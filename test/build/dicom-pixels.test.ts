import { describe, expect, it } from 'vitest';
import { windowLevel, windowPixels } from '../../src/build/dicom-pixels.js';

const dataset = (fields: Record<string, unknown>, bytes: Uint8Array) => ({ Rows: 1, Columns: bytes.length, SamplesPerPixel: 1, PixelData: [bytes.buffer], ...fields });

describe('windowing DICOM pixels to 8 bits', () => {
  it('follows the linear VOI function of PS3.3 C.11.2.1.2', () => {
    // center 40, width 400 (a soft-tissue CT window): below -160.5 black, above 239.5 white.
    expect(windowLevel(-161, 40, 400)).toBe(0);
    expect(windowLevel(240, 40, 400)).toBe(255);
    expect(windowLevel(39.5, 40, 400)).toBe(128);
  });

  it('sign-extends signed stored values and applies slope and intercept before the window', () => {
    const values = new Int16Array([-2048, -1, 0, 2047]);
    const out = windowPixels(dataset({ Columns: 4, BitsAllocated: 16, BitsStored: 12, PixelRepresentation: 1, RescaleSlope: '2', RescaleIntercept: '10', WindowCenter: '10', WindowWidth: '8192' }, new Uint8Array(values.buffer)));
    const expected = [-2048, -1, 0, 2047].map((v) => windowLevel(v * 2 + 10, 10, 8192));
    expect([...out.pixels]).toEqual(expected);
    expect(expected[0]).toBeLessThan(expected[3]!);
  });

  it('uses the pixel range without a window, and inverts MONOCHROME1', () => {
    const bytes = new Uint8Array([10, 20, 30]);
    const plain = windowPixels(dataset({ BitsAllocated: 8, BitsStored: 8, PhotometricInterpretation: 'MONOCHROME2' }, bytes));
    expect(plain.window).toEqual({ center: 20, width: 20, from: 'pixel range' });
    const inverted = windowPixels(dataset({ BitsAllocated: 8, BitsStored: 8, PhotometricInterpretation: 'MONOCHROME1' }, bytes));
    expect([...inverted.pixels]).toEqual([...plain.pixels].map((p) => 255 - p));
    expect(plain.pixels[0]).toBe(0);
    expect(plain.pixels[2]).toBe(255);
  });

  it('interleaves planar RGB and refuses what it cannot read', () => {
    const planar = new Uint8Array([1, 2, 10, 20, 100, 200]);
    const rgb = windowPixels({ Rows: 1, Columns: 2, SamplesPerPixel: 3, BitsAllocated: 8, PhotometricInterpretation: 'RGB', PlanarConfiguration: 1, PixelData: [planar.buffer] });
    expect([...rgb.pixels]).toEqual([1, 10, 100, 2, 20, 200]);
    expect(() => windowPixels(dataset({ BitsAllocated: 32 }, new Uint8Array(8)))).toThrow(/BitsAllocated 32/);
    expect(() => windowPixels(dataset({ Columns: 10, BitsAllocated: 16 }, new Uint8Array(4)))).toThrow(/PixelData holds 4 bytes, one frame needs 20/);
    expect(() => windowPixels({ Rows: 1, Columns: 1, SamplesPerPixel: 3, BitsAllocated: 8, PhotometricInterpretation: 'YBR_FULL_422', PixelData: [new Uint8Array(3).buffer] })).toThrow(/8-bit RGB/);
  });
});
