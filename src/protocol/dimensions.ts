/** The six quality dimensions physicians labelled, in the reference's order. */
export const DIMENSIONS = [
  'accuracy',
  'relevance',
  'comprehensiveness',
  'creativity',
  'responsiveness',
  'overall',
] as const;

export type Dimension = (typeof DIMENSIONS)[number];

/** An expert label in the official data: the preferred answer, never a tie. */
export type Label = 'A' | 'B';

export type Labels = Record<Dimension, Label>;

export function isDimension(value: string): value is Dimension {
  return (DIMENSIONS as readonly string[]).includes(value);
}
