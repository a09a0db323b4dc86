import type { AnswerKind } from './build-item.js';

// Prompts of the construction steps. Their text is recorded with the step's settings, so a
// benchmark card can say exactly what the models were asked.

export function solverPrompt(question: string, kind: AnswerKind): string {
  return kind === 'closed'
    ? `${question}\nAnswer with a single word or a short phrase.`
    : `${question}\nAnswer briefly and precisely.`;
}

/** The response pool answers as it would to a clinician: the question alone, no length rule. */
export function responsePrompt(question: string): string {
  return question;
}

export function correctnessPrompt(question: string, reference: string, candidate: string): string {
  return [
    'You are grading an answer to a question about a medical image against the reference answer.',
    `Question: ${question}`,
    `Reference answer: ${reference}`,
    `Candidate answer: ${candidate}`,
    'Is the candidate answer correct, that is, does it agree with the reference answer in clinical substance?',
    'Reply with JSON only: {"correct": true} or {"correct": false}',
  ].join('\n');
}

export function qualityPrompt(question: string, reference: string, candidate: string): string {
  return [
    'You are rating an answer to a question about a medical image.',
    `Question: ${question}`,
    `Reference answer: ${reference}`,
    `Candidate answer: ${candidate}`,
    'Rate the candidate from 1 (wrong or harmful) to 10 (correct, complete and clearly useful to a clinician).',
    'Reply with JSON only: {"score": <1-10>}',
  ].join('\n');
}

export function parseCorrectness(reply: string): boolean | undefined {
  const json = /"correct"\s*:\s*(true|false)/i.exec(reply);
  if (json) return json[1]!.toLowerCase() === 'true';
  const word = /^\W*(yes|no|correct|incorrect)\b/i.exec(reply);
  if (word) return ['yes', 'correct'].includes(word[1]!.toLowerCase());
  return undefined;
}

export function parseQuality(reply: string): number | undefined {
  const json = /"score"\s*:\s*"?(\d+(?:\.\d+)?)/i.exec(reply) ?? /^\W*(\d+(?:\.\d+)?)\b/.exec(reply);
  const score = json ? Number(json[1]) : NaN;
  return score >= 1 && score <= 10 ? score : undefined;
}
