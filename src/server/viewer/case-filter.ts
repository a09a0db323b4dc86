import { DIMENSIONS, isDimension, type Dimension } from '../../protocol/dimensions.js';
import type { CaseEntry, TrialView } from './run-snapshot.js';

/** What the case list can be narrowed to; every field optional, all given ones must hold. */
export interface CaseFilter {
  readonly organ?: string;
  readonly department?: string;
  /** The dimension the outcome filters read (default overall). */
  readonly dimension: Dimension;
  /** Only this judge's trials count for the outcome filters (default: any judge). */
  readonly judge?: string;
  /** correct: every answered trial agreed with the experts; incorrect: at least one did not (wrong, tie, unreadable, failed). */
  readonly outcome?: 'correct' | 'incorrect';
  /** A judge changed its verdict when the answers were swapped. */
  readonly swapInconsistent?: boolean;
  /** A judge's answer could not be read on some dimension. */
  readonly parseFailure?: boolean;
  /** A request failed after every retry. */
  readonly error?: boolean;
  /** Words to find in the id, question, answers, raw outputs or reasons (case-insensitive). */
  readonly text?: string;
}

const flag = (value: string | undefined) => value === '1' || value === 'true';

/** Reads a filter from query parameters; unknown values are ignored rather than refused, as a URL bar would be edited. */
export function filterFromQuery(query: Record<string, string | undefined>): CaseFilter {
  const outcome = query.outcome === 'correct' || query.outcome === 'incorrect' ? query.outcome : undefined;
  return {
    ...(query.organ ? { organ: query.organ } : {}),
    ...(query.department ? { department: query.department } : {}),
    dimension: query.dimension && isDimension(query.dimension) ? query.dimension : 'overall',
    ...(query.judge ? { judge: query.judge } : {}),
    ...(outcome ? { outcome } : {}),
    ...(flag(query.swap) ? { swapInconsistent: true } : {}),
    ...(flag(query.parseFailure) ? { parseFailure: true } : {}),
    ...(flag(query.error) ? { error: true } : {}),
    ...(query.q?.trim() ? { text: query.q.trim().toLowerCase() } : {}),
  };
}

const answered = (t: TrialView) => t.judgment !== null && t.judgment.error === null;

/** Whether the judge gave a different verdict on this dimension in the two orders (both answered). */
export function swapInconsistent(trials: readonly TrialView[], judge: string, d: Dimension): boolean {
  const ab = trials.find((t) => t.judge === judge && t.order === 'AB' && t.sample === 0);
  const ba = trials.find((t) => t.judge === judge && t.order === 'BA' && t.sample === 0);
  if (!ab || !ba || !answered(ab) || !answered(ba)) return false;
  const a = ab.verdict?.[d];
  const b = ba.verdict?.[d];
  return !(a && b && 'choice' in a && 'choice' in b && a.choice === b.choice && a.choice !== 'tie');
}

export function matchesFilter(entry: CaseEntry, filter: CaseFilter, judges: readonly string[]): boolean {
  const c = entry.record;
  if (filter.organ && c.organ !== filter.organ) return false;
  if (filter.department && c.department !== filter.department) return false;
  const trials = entry.trials.filter((t) => !filter.judge || t.judge === filter.judge);
  const d = filter.dimension;
  if (filter.outcome) {
    const done = trials.filter((t) => t.outcomes[d] !== 'missing');
    if (done.length === 0) return false;
    const allCorrect = done.every((t) => t.outcomes[d] === 'correct');
    if ((filter.outcome === 'correct') !== allCorrect) return false;
  }
  if (filter.swapInconsistent && !(filter.judge ? [filter.judge] : judges).some((j) => swapInconsistent(entry.trials, j, d))) return false;
  if (filter.parseFailure && !trials.some((t) => DIMENSIONS.some((x) => t.outcomes[x] === 'parse-failure'))) return false;
  if (filter.error && !trials.some((t) => t.judgment?.error)) return false;
  if (filter.text) {
    const haystack = [c.uid, c.question, c.answerA, c.answerB, ...trials.flatMap((t) => [t.judgment?.rawOutput ?? '', t.reason ?? ''])];
    if (!haystack.some((h) => h.toLowerCase().includes(filter.text!))) return false;
  }
  return true;
}
