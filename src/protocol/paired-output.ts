import type { Label } from './dimensions.js';
import type { JudgeMode } from './judge-mode.js';
import { parseRatings } from './pointwise-parser.js';
import type { ParsedOutput } from './verdict-parser.js';
import { failedVerdict, verdictOf, type Choice, type DimensionVerdict } from './verdict.js';

/**
 * Pointwise and reward judges look at each answer on its own, so a trial stores two outputs, one
 * per answer, keyed by the dataset's labels: `{"A": ..., "B": ...}`. Their verdict is therefore
 * already in the dataset's order, whatever the trial's order.
 */
export type PairedOutput<T> = Readonly<Record<Label, T>>;

export function encodePairedOutput<T>(output: PairedOutput<T>): string {
  return JSON.stringify({ A: output.A, B: output.B });
}

function decode(raw: string): { A: unknown; B: unknown } | undefined {
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === 'object' && 'A' in parsed && 'B' in parsed) return parsed as { A: unknown; B: unknown };
  } catch {
    // fall through
  }
  return undefined;
}

const compare = (a: number, b: number): Choice => (a > b ? 'A' : b > a ? 'B' : 'tie');

/** The verdict of a paired output in the dataset's order: the higher rating or reward wins; equal is a tie. */
export function pairedVerdict(mode: Exclude<JudgeMode, 'pairwise'>, raw: string): ParsedOutput {
  const output = decode(raw);
  if (!output) return { verdict: failedVerdict('stored output is not a pair of answers') };
  if (mode === 'reward') {
    if (typeof output.A !== 'number' || typeof output.B !== 'number') return { verdict: failedVerdict('stored rewards are not numbers') };
    const choice = compare(output.A, output.B);
    return { verdict: verdictOf(() => ({ choice })), reason: `reward A ${output.A}, reward B ${output.B}` };
  }
  if (typeof output.A !== 'string' || typeof output.B !== 'string') return { verdict: failedVerdict('stored ratings are not texts') };
  const a = parseRatings(output.A);
  const b = parseRatings(output.B);
  const verdict = verdictOf((d): DimensionVerdict => {
    const ra = a.ratings[d];
    const rb = b.ratings[d];
    if ('failure' in ra) return { failure: `answer A: ${ra.failure}` };
    if ('failure' in rb) return { failure: `answer B: ${rb.failure}` };
    return { choice: compare(ra.score, rb.score) };
  });
  const reason = [a.reason && `A: ${a.reason}`, b.reason && `B: ${b.reason}`].filter(Boolean).join(' | ');
  return { verdict, ...(reason ? { reason } : {}) };
}
