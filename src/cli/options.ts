import { fileURLToPath } from 'node:url';
import { UsageError } from './cli-error.js';

/** The bundled sample, found beside the package whether it runs from `src/` or `dist/`. */
export const SAMPLE_DATA = fileURLToPath(new URL('../../data/sample', import.meta.url));

export function defaultStore(): string {
  return process.env.MRB_STORE ?? '.mrb/mrb.sqlite';
}

/** A flag's rule: the value it accepts and, when it does not, what it expected. */
export interface FlagRule<T> {
  readonly expected: string;
  parse(text: string): T | undefined;
}

const numberRule = (expected: string, accept: (n: number) => boolean): FlagRule<number> => ({
  expected,
  parse: (text) => {
    const n = Number(text);
    return text.trim() !== '' && Number.isFinite(n) && accept(n) ? n : undefined;
  },
});

export const positiveInt = numberRule('a positive whole number', (n) => Number.isInteger(n) && n > 0);
export const positiveNumber = numberRule('a positive number', (n) => n > 0);
export const nonNegativeNumber = numberRule('a number, 0 or more', (n) => n >= 0);
export const integer = numberRule('a whole number', Number.isInteger);

/** Parses a flag's text and names the flag when it does not fit. */
export function flag<T>(name: string, rule: FlagRule<T>, value: unknown): T {
  const parsed = rule.parse(String(value));
  if (parsed === undefined) throw new UsageError(`${name}: expected ${rule.expected} (got ${JSON.stringify(value)})`);
  return parsed;
}

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
