/** The run changed between this process checking it and taking it: running again sees the change. */
export class RunChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunChangedError';
  }
}
