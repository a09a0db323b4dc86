import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/dataset/case.js';
import { officialTable } from '../../src/metrics/official-table.js';
import { judgeStatistics } from '../../src/metrics/judge-statistics.js';
import { caseTable } from '../../src/metrics/case-table.js';
import { stratifiedResamples } from '../../src/metrics/bootstrap.js';
import { scoreTrial } from '../../src/metrics/outcome.js';
import { judgeMatrices } from '../../src/metrics/judge-matrix.js';
import type { Labels } from '../../src/protocol/dimensions.js';
import type { Order } from '../../src/protocol/verdict.js';
import type { TrialResult } from '../../src/store/store.js';
import { jsonVerdict } from '../fakes/fake-openai-server.js';
import { allLabels } from '../fakes/fixture-dataset.js';

const kase = (organ: string, id: number, labels: Labels): CaseRecord => ({
  uid: `${organ}/${id}`,
  organ,
  questionId: String(id),
  question: 'q',
  answerA: 'a',
  answerB: 'b',
  labels,
  imageSha256: 'x',
  imageMime: 'image/png',
  imageSize: 1,
});

const trial = (c: CaseRecord, order: Order, raw: string | null, error: string | null = null): TrialResult => ({
  caseUid: c.uid,
  judge: 'j',
  order,
  sample: 0,
  key: `${c.uid}-${order}`,
  judgment: {
    key: `${c.uid}-${order}`,
    judge: 'j',
    rawOutput: raw,
    reasoning: null,
    inputTokens: null,
    outputTokens: null,
    latencyMs: 10,
    attempts: 1,
    error,
    errorKind: error ? 'server' : null,
    createdAt: '',
  },
});

// brain: 3 cases, labels A, A, B. chest: 1 case, label B.
const cases = [kase('brain', 1, allLabels('A')), kase('brain', 2, allLabels('A')), kase('brain', 3, allLabels('B')), kase('chest', 1, allLabels('B'))];

describe('the official table', () => {
  it('counts unparseable and failed trials as wrong over all cases of the organ', () => {
    const results = [
      trial(cases[0]!, 'AB', jsonVerdict('A')), // correct
      trial(cases[1]!, 'AB', 'I cannot tell.'), // unparseable: wrong
      trial(cases[2]!, 'AB', null, 'HTTP 503'), // request error: wrong
      trial(cases[3]!, 'AB', jsonVerdict('B')), // correct
      trial(cases[0]!, 'BA', jsonVerdict('A')), // swapped order: ignored by the official table
    ];
    const table = caseTable(cases);
    const rows = officialTable(table, judgeMatrices(table, results, [{ judge: 'j', mode: 'pairwise', samples: 1 }], ['AB', 'BA'], 'official'));
    expect(rows).toEqual([
      { modality: 'brain', model: 'j', accuracy_acc: 0.3333, relevance_acc: 0.3333, comprehensiveness_acc: 0.3333, creativity_acc: 0.3333, responsiveness_acc: 0.3333, overall_acc: 0.3333 },
      { modality: 'chest', model: 'j', accuracy_acc: 1, relevance_acc: 1, comprehensiveness_acc: 1, creativity_acc: 1, responsiveness_acc: 1, overall_acc: 1 },
    ]);
  });

  it('summarises accuracy over both orders, outcomes, order accuracy and swap consistency', async () => {
    const results = [
      trial(cases[0]!, 'AB', jsonVerdict('A')),
      trial(cases[1]!, 'AB', 'I cannot tell.'),
      trial(cases[2]!, 'AB', null, 'HTTP 503'),
      trial(cases[3]!, 'AB', jsonVerdict('B')),
      trial(cases[0]!, 'BA', jsonVerdict('B')), // slot B holds answer A: consistent with AB
      trial(cases[1]!, 'BA', jsonVerdict('B')),
      trial(cases[2]!, 'BA', jsonVerdict('A')),
      trial(cases[3]!, 'BA', jsonVerdict('B')), // slot B holds answer A: flips
    ];
    const table = caseTable(cases);
    const [summary] = await judgeStatistics(table, judgeMatrices(table, results, [{ judge: 'j', mode: 'pairwise', samples: 1 }], ['AB', 'BA'], 'strict'), stratifiedResamples(table.groups.organ.of, 200, 1));
    const overall = summary!.dimensions.overall;
    // Right: brain/1 in both orders, brain/2 and brain/3 swapped, chest/1 in the dataset order: 5 of 8 trials.
    expect(overall.accuracy.micro.value).toBe(5 / 8);
    // brain: 4 of 6 trials, chest: 1 of 2.
    expect(overall.accuracy.macro.value).toBe((4 / 6 + 1 / 2) / 2);
    expect(overall.outcomes).toEqual({ correct: 5, wrong: 1, tie: 0, 'parse-failure': 1, error: 1, missing: 0 });
    expect(overall.accuracyByOrder).toEqual({ AB: 2 / 4, BA: 3 / 4 });
    expect(overall.position.swapConsistency).toBe(1 / 4);
    expect(overall.position.consistentAccuracy).toBe(1 / 4);
    // The same figures per organ system.
    const [brain, chest] = overall.byGroup.organ;
    expect(brain).toMatchObject({ group: 'brain', cases: 3, accuracyByOrder: { AB: 1 / 3, BA: 1 }, position: { swapConsistency: 1 / 3 } });
    expect(brain!.outcomes).toEqual({ correct: 4, wrong: 0, tie: 0, 'parse-failure': 1, error: 1, missing: 0 });
    expect(chest).toMatchObject({ group: 'chest', cases: 1, accuracyByOrder: { AB: 1, BA: 0 }, position: { swapConsistency: 0 } });
    // First slot chosen: AB brain/1 (A), chest/1 (B: no); BA brain/1 (B: no), brain/2 (B: no), brain/3 (A), chest/1 (B: no) -> 2 of 6.
    expect(overall.position.firstSlotRate).toBeCloseTo(2 / 6);
    const summary2 = summary!;
    expect(summary2.requestErrors).toBe(1);
    expect(summary2.parseFailures).toBe(1);
  });
});

describe('reasoning returned apart from the answer', () => {
  it('is put back in front of the answer for the official parser, as the reference saw it, and ignored by the strict one', () => {
    const withReasoning: TrialResult = {
      ...trial(cases[0]!, 'AB', jsonVerdict('A')),
      judgment: { ...trial(cases[0]!, 'AB', jsonVerdict('A')).judgment!, reasoning: 'Draft: {"accuracy":"B"} maybe' },
    };
    const official = scoreTrial(cases[0]!, withReasoning, 'official');
    const strict = scoreTrial(cases[0]!, withReasoning, 'strict');
    // Official: the braces of the reasoning break step 1; step 2 finds accuracy B in the reasoning first.
    expect(official.outcomes.accuracy).toBe('wrong');
    expect(official.outcomes.overall).toBe('correct');
    expect(strict.outcomes.accuracy).toBe('correct');
  });
});

describe('length bias', () => {
  it('counts choices of the longer answer and splits accuracy by the experts\' preference', async () => {
    const long = 'a much longer answer with many words';
    const withLengths = [
      { ...kase('eye', 1, allLabels('A')), answerA: long, answerB: 'short' }, // experts prefer the longer
      { ...kase('eye', 2, allLabels('B')), answerA: long, answerB: 'short' }, // experts prefer the shorter
      { ...kase('eye', 3, allLabels('A')), answerA: 'same', answerB: 'same' }, // equal: in neither group
    ];
    // A judge that always picks answer A (the longer one where lengths differ).
    const results = withLengths.map((c) => trial(c, 'AB', jsonVerdict('A')));
    const table = caseTable(withLengths);
    const [s] = await judgeStatistics(table, judgeMatrices(table, results, [{ judge: 'j', mode: 'pairwise', samples: 1 }], ['AB'], 'strict'), stratifiedResamples(table.groups.organ.of, 100, 1));
    const length = s!.dimensions.overall.length;
    expect(length.prefersLonger).toBe(1);
    expect(length.casesExpertsPreferLonger).toBe(1);
    expect(length.casesExpertsPreferShorter).toBe(1);
    expect(length.accuracyWhenExpertsPreferLonger).toBe(1);
    expect(length.accuracyWhenExpertsPreferShorter).toBe(0);
    expect(s!.dimensions.overall.position.swapConsistency).toBeNull();
  });
});
