/** A mistake in how the program was called: exit code 2, the message only. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
