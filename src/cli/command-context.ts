/** Where a command writes and how it reports its exit code; tests pass their own. */
export interface CommandContext {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly progressStream: NodeJS.WriteStream;
  exit(code: number): void;
}
