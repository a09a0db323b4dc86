import { open, type FileHandle } from 'node:fs/promises';

/** hyparquet's view of a file: its length and byte ranges read on demand. */
export interface FileSlices {
  readonly byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
  close(): Promise<void>;
}

/**
 * Byte ranges read straight into one buffer each. hyparquet's own file reader streams a range in
 * 64 KB chunks and concatenates them: for a 10 MB row group of images that is 160 small buffers
 * plus a copy, garbage that V8 collects late and that leaves the allocator's heap fragmented.
 */
export async function fileSlices(path: string): Promise<FileSlices> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start, end = size) {
      const length = Math.max(0, Math.min(end, size) - start);
      const buffer = new ArrayBuffer(length);
      const bytes = new Uint8Array(buffer);
      for (let read = 0; read < length; ) {
        const { bytesRead } = await handle.read(bytes, read, length - read, start + read);
        if (bytesRead === 0) throw new Error(`file ended at byte ${start + read} of ${path}, expected ${end}`);
        read += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}
