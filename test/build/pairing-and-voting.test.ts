import { describe, expect, it } from 'vitest';
import { majority } from '../../src/build/aggregate.js';
import { closedAnswerCorrect, normaliseAnswer } from '../../src/build/answer-match.js';
import { parseCorrectness, parseQuality } from '../../src/build/build-prompts.js';
import { balanceSlots } from '../../src/build/pair-responses.js';

describe('closed answers by normalised match', () => {
  it('ignores case, accents, punctuation and articles, and accepts an answer that opens with the reference', () => {
    expect(normaliseAnswer('The  Left-Lung, "Upper" Lobe.')).toBe('left lung upper lobe');
    expect(closedAnswerCorrect('Yes, there is a small effusion.', 'yes')).toBe(true);
    expect(closedAnswerCorrect('Yesterday', 'yes')).toBe(false);
    expect(closedAnswerCorrect('No.', 'yes')).toBe(false);
    expect(closedAnswerCorrect('Édème', 'edeme')).toBe(true);
    expect(closedAnswerCorrect('anything', '')).toBe(false);
  });

  it('reads grader replies', () => {
    expect(parseCorrectness('{"correct": true}')).toBe(true);
    expect(parseCorrectness('```json\n{"correct":false}\n```')).toBe(false);
    expect(parseCorrectness('Incorrect: the lobe differs')).toBe(false);
    expect(parseCorrectness('maybe')).toBeUndefined();
    expect(parseQuality('{"score": 7}')).toBe(7);
    expect(parseQuality('{"score": 11}')).toBeUndefined();
  });
});

describe('slot A balance', () => {
  it('puts first the model that has been first less often, so every model leads about half the time', () => {
    const pairs = Array.from({ length: 30 }, (_, i) => (['m1', 'm2', 'm3'] as const).filter((_, j) => j !== i % 3) as [string, string]);
    const slotted = balanceSlots(pairs, 5);
    for (const m of ['m1', 'm2', 'm3']) {
      const first = slotted.filter(([a]) => a === m).length;
      const second = slotted.filter(([, b]) => b === m).length;
      expect(Math.abs(first - second)).toBeLessThanOrEqual(1);
    }
    // Every pair keeps its two models.
    slotted.forEach((p, i) => expect([...p].sort()).toEqual([...pairs[i]!].sort()));
    expect(balanceSlots(pairs, 5)).toEqual(slotted);
  });
});

describe('majority of the assigned annotators', () => {
  it('needs more than half of those assigned; a split is final only once all have voted', () => {
    expect(majority(['A', 'A'], 3)).toMatchObject({ status: 'majority', choice: 'A' });
    expect(majority(['A', 'B'], 3)).toMatchObject({ status: 'incomplete' });
    expect(majority(['A', 'B', 'tie'], 3)).toMatchObject({ status: 'split' });
    expect(majority(['tie', 'tie', 'B'], 3)).toMatchObject({ status: 'majority', choice: 'tie' });
    expect(majority(['A', 'B'], 2)).toMatchObject({ status: 'split' });
    expect(majority([], 0)).toMatchObject({ status: 'incomplete' });
  });
});
