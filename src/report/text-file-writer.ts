import { closeSync, openSync, writeSync } from 'node:fs';

/** A file written piece by piece, a thousand pieces at a time: a large file is never one string in memory. */
export class TextFileWriter {
  private readonly fd: number;
  private pieces: string[] = [];

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length >= 1000) this.flush();
  }

  /** Writes what is buffered and closes the file. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(): void {
    writeSync(this.fd, this.pieces.join(''));
    this.pieces = [];
  }
}
