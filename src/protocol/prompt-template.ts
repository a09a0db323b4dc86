import { createHash } from 'node:crypto';

/** What a pairwise prompt is filled with: the question and the two answers in prompt-slot order. */
export interface PairwisePromptInput {
  readonly question: string;
  readonly first: string;
  readonly second: string;
}

export interface PromptTemplate {
  readonly name: string;
  /** Content hash of the template text, so a stored run says exactly which prompt it used. */
  readonly version: string;
  render(input: PairwisePromptInput): string;
}

export function contentVersion(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 12);
}
