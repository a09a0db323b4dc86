import { DIMENSIONS, type Dimension } from './dimensions.js';
import { lastVerdictObject, withoutReasoning } from './strict-parser.js';

export type Rating = { readonly score: number } | { readonly failure: string };
export type Ratings = Record<Dimension, Rating>;

function ratingOf(value: unknown): Rating {
  if (value === undefined) return { failure: 'missing' };
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*(\/\s*10)?\s*$/.test(value) ? parseFloat(value) : NaN;
  if (!Number.isFinite(n)) return { failure: `not a rating: ${JSON.stringify(value).slice(0, 40)}` };
  if (n < 1 || n > 10) return { failure: `rating ${n} is outside 1-10` };
  return { score: n };
}

/** A pointwise judge's ratings of one answer: the last JSON object with dimension keys, reasoning ignored. */
export function parseRatings(raw: string): { ratings: Ratings; reason?: string } {
  const stripped = withoutReasoning(raw);
  const entries = 'text' in stripped ? lastVerdictObject(stripped.text.trim()) : undefined;
  const failure = 'failure' in stripped ? stripped.failure : 'no JSON object with ratings found';
  const ratings = Object.fromEntries(DIMENSIONS.map((d) => [d, entries ? ratingOf(entries.get(d)) : { failure }])) as Ratings;
  const reason = entries?.get('reason');
  return { ratings, ...(typeof reason === 'string' ? { reason } : {}) };
}
