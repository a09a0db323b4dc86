/** A build step cannot go on as asked (no items yet, a missing grader...): exit code 2, the message only. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}
