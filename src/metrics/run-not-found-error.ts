/** The store has no run of that id. */
export class RunNotFoundError extends Error {
  constructor(runId: string, location: string) {
    super(`no run ${runId} in the store ${location} (\`mrb runs\` lists the runs)`);
    this.name = 'RunNotFoundError';
  }
}
