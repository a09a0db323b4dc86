/** A worker cannot join the run it names (`--join`). */
export class JoinError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinError';
  }
}
