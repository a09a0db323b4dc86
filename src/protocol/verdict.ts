import type { Dimension, Label } from './dimensions.js';

/** A judge's preference on one dimension; judges may call a tie even though experts never do. */
export type Choice = Label | 'tie';

/** What a parser made of one dimension: a choice, or why it could not find one. */
export type DimensionVerdict =
  | { readonly choice: Choice }
  | { readonly failure: string };

export type Verdict = Record<Dimension, DimensionVerdict>;

/** Order of the two answers in the prompt: `AB` as in the dataset, `BA` swapped. */
export type Order = 'AB' | 'BA';

export const ORDERS: readonly Order[] = ['AB', 'BA'];

// Spelled out rather than built from DIMENSIONS: this runs for every stored judgment when scoring.
export function verdictOf(make: (dimension: Dimension) => DimensionVerdict): Verdict {
  return {
    accuracy: make('accuracy'),
    relevance: make('relevance'),
    comprehensiveness: make('comprehensiveness'),
    creativity: make('creativity'),
    responsiveness: make('responsiveness'),
    overall: make('overall'),
  };
}

export function failedVerdict(failure: string): Verdict {
  return verdictOf(() => ({ failure }));
}

/**
 * A verdict speaks of prompt slots; the store and the metrics speak of the dataset's answers.
 * In the swapped order the first slot holds answer B, so A and B trade places.
 */
export function toDatasetOrder(verdict: Verdict, order: Order): Verdict {
  if (order === 'AB') return verdict;
  return verdictOf((d) => {
    const v = verdict[d];
    if (!('choice' in v)) return v;
    return { choice: swapChoice(v.choice) };
  });
}

export function swapChoice(choice: Choice): Choice {
  return choice === 'A' ? 'B' : choice === 'B' ? 'A' : 'tie';
}
