import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from './cli-error.js';

/** The bundled sample, found beside the package whether it runs from `src/` or `dist/`. */
export const SAMPLE_DATA = fileURLToPath(new URL('../../data/sample', import.meta.url));

export function defaultStore(): string {
  return process.env.MRB_STORE ?? '.mrb/mrb.sqlite';
}

/** Parses a flag's text with a schema and names the flag when it does not fit. */
export function flag<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'} (got ${JSON.stringify(value)})`);
  return parsed.data;
}

export const positiveInt = z.coerce.number().int().positive();
export const nonNegativeNumber = z.coerce.number().nonnegative();
export const positiveNumber = z.coerce.number().positive();
export const integer = z.coerce.number().int();

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
