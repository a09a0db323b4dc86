const ARTICLES = new Set(['a', 'an', 'the']);

/** Lower case, accents, punctuation and articles gone, spaces collapsed: "The Left  lung." -> "left lung". */
export function normaliseAnswer(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !ARTICLES.has(w))
    .join(' ');
}

/**
 * A closed answer is right when it equals the reference after normalising, or opens with it as
 * whole words ("Yes, there is an effusion" for "yes"). Small models rarely answer in one word.
 */
export function closedAnswerCorrect(answer: string, reference: string): boolean {
  const a = normaliseAnswer(answer);
  const r = normaliseAnswer(reference);
  if (r === '') return false;
  return a === r || a.startsWith(`${r} `);
}
