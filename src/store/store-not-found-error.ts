/** A command that reads a store was pointed at none. */
export class StoreNotFoundError extends Error {
  constructor(path: string) {
    super(`no store at ${path} (run \`mrb run\` first, or pass --store)`);
    this.name = 'StoreNotFoundError';
  }
}
