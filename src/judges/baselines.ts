import { createHash } from 'node:crypto';
import { DIMENSIONS } from '../protocol/dimensions.js';
import type { Choice } from '../protocol/verdict.js';
import { slotAnswers, type Judge } from './judge.js';
import { trialKey } from './trial-key.js';

export const BASELINES = ['random', 'always-a', 'always-b', 'longer'] as const;
export type BaselineName = (typeof BASELINES)[number];

type Decide = (slots: { first: string; second: string }, bitsFor: (dimension: string) => number) => Choice[];

// Code points, not UTF-16 units: an answer in CJK is not "longer" for being stored in surrogate pairs.
const length = (text: string) => [...text].length;

const DECIDERS: Record<BaselineName, Decide> = {
  random: (_slots, bitsFor) => DIMENSIONS.map((d) => (bitsFor(d) & 1 ? 'B' : 'A')),
  'always-a': () => DIMENSIONS.map(() => 'A'),
  'always-b': () => DIMENSIONS.map(() => 'B'),
  longer: ({ first, second }) => {
    const choice: Choice = length(first) > length(second) ? 'A' : length(second) > length(first) ? 'B' : 'tie';
    return DIMENSIONS.map(() => choice);
  },
};

/**
 * Reference points every judge must beat. They answer in the paper prompt's JSON format, so their
 * output goes through the same parser and metrics as a model's.
 */
export function baselineJudge(name: BaselineName, seed: number): Judge {
  const decide = DECIDERS[name];
  const settings = name === 'random' ? { baseline: name, seed } : { baseline: name };
  return {
    spec: `baseline:${name}`,
    mode: 'pairwise',
    samples: 1,
    local: true,
    settings,
    prepare({ case: c, order, sample }) {
      const slots = slotAnswers(c, order);
      const key = trialKey({ ...settings, question: c.question, ...slots, image: c.image.sha256, sample });
      // Seeded per trial, not per run: the same trial draws the same letters in any schedule.
      const bitsFor = (dimension: string) => createHash('sha256').update(`${key}:${dimension}`).digest()[0]!;
      return {
        key,
        async execute() {
          const choices = decide(slots, bitsFor);
          const verdict = Object.fromEntries(DIMENSIONS.map((d, i) => [d, choices[i]]));
          return {
            rawOutput: JSON.stringify({ ...verdict, reason: `baseline ${name}` }),
            reasoning: null,
            inputTokens: null,
            outputTokens: null,
          };
        },
      };
    },
  };
}
