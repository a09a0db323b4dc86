/** A batch file that does not belong to the run, or cannot be read as one. */
export class BatchFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchFileError';
  }
}
