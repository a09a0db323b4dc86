import { describe, expect, it } from 'vitest';
import { bootstrapAccuracy } from '../../src/metrics/accuracy-bootstrap.js';
import { percentileInterval, resampleWeights, stratifiedResamples } from '../../src/metrics/bootstrap.js';
import { caseTable } from '../../src/metrics/case-table.js';
import { cohenKappa, cohenKappaFromTable } from '../../src/metrics/cohen-kappa.js';
import { exactMcNemar } from '../../src/metrics/mcnemar.js';
import { seededRandom } from '../../src/metrics/seeded-random.js';
import type { CaseRecord } from '../../src/dataset/case.js';
import { allLabels } from '../fakes/fixture-dataset.js';

const cases = (organs: Record<string, number>, extra: (i: number) => Partial<CaseRecord> = () => ({})): CaseRecord[] =>
  Object.entries(organs).flatMap(([organ, n]) =>
    Array.from({ length: n }, (_, k) => ({
      uid: `${organ}/${k}`,
      organ,
      questionId: String(k),
      question: 'q',
      answerA: 'a',
      answerB: 'bb',
      labels: allLabels('A'),
      imageSha256: '',
      imageMime: 'image/png' as const,
      imageSize: 0,
      ...extra(k),
    })),
  );

describe("Cohen's kappa", () => {
  it('matches the textbook 2x2 table (po 0.7, pe 0.5, kappa 0.4)', () => {
    // 20 A/A, 5 A/B, 10 B/A, 15 B/B
    const r1 = [...Array(25).fill(0), ...Array(25).fill(1)];
    const r2 = [...Array(20).fill(0), ...Array(5).fill(1), ...Array(10).fill(0), ...Array(15).fill(1)];
    expect(cohenKappa(r1, r2)).toBeCloseTo(0.4, 12);
  });

  it('counts a category only one rater uses (a parse failure) as disagreement', () => {
    // Judge: A, A, failure, B; experts: A, B, B, B. po = 2/4; pe = 0.5*0.25 + 0.25*0.75 = 0.3125.
    expect(cohenKappa([0, 0, 3, 1], [0, 1, 1, 1])).toBeCloseTo((0.5 - 0.3125) / (1 - 0.3125), 12);
  });

  it('from a confusion table equals kappa from the ratings', () => {
    const r1 = [0, 0, 1, 1, 2, 0, 1, 0, 0, 1];
    const r2 = [0, 1, 1, 1, 0, 0, 0, 0, 1, 1];
    const table = [0, 1, 2].map((a) => [0, 1, 2].map((b) => r1.filter((x, i) => x === a && r2[i] === b).length));
    expect(cohenKappaFromTable(table)).toBeCloseTo(cohenKappa(r1, r2), 12);
  });

  it('is undefined when both raters are constant', () => {
    expect(cohenKappa([0, 0], [0, 0])).toBeNaN();
  });
});

describe('exact McNemar test', () => {
  // Expected values computed independently in Python with math.comb.
  it.each([
    [1, 9, 0.021484375],
    [9, 1, 0.021484375],
    [3, 0, 0.25],
    [12, 30, 0.007915897334896727],
    [100, 140, 0.011664092317677663],
    [5, 5, 1],
    [0, 0, 1],
  ])('b=%i, c=%i: p = %s', (b, c, p) => {
    expect(exactMcNemar(b, c)).toBeCloseTo(p, 12);
  });
});

describe('bootstrap intervals', () => {
  it('of a constant are the constant', () => {
    const table = caseTable(cases({ brain: 30, chest: 20 }));
    const resamples = stratifiedResamples(table.groups.organ.of, 500, 7);
    const [all] = bootstrapAccuracy(table, resamples, [{ correct: new Uint8Array(table.n).fill(2), trials: 2 }]);
    expect(all!.micro).toEqual({ value: 1, low: 1, high: 1 });
    expect(all!.macro).toEqual({ value: 1, low: 1, high: 1 });
  });

  it('are reproducible for a seed and differ between seeds', () => {
    const table = caseTable(cases({ brain: 40, chest: 25, eye: 9 }));
    const correct = Uint8Array.from({ length: table.n }, (_, i) => (i * 7) % 3);
    const run = (seed: number) => bootstrapAccuracy(table, stratifiedResamples(table.groups.organ.of, 300, seed), [{ correct, trials: 2 }])[0]!;
    expect(run(3)).toEqual(run(3));
    expect(run(3).micro).not.toEqual(run(4).micro);
  });

  it('agree with the normal approximation for a large single-organ sample', () => {
    const n = 400;
    const table = caseTable(cases({ lung: n }));
    const correct = Uint8Array.from({ length: n }, (_, i) => (i % 5 < 3 ? 1 : 0)); // p = 0.6
    const [all] = bootstrapAccuracy(table, stratifiedResamples(table.groups.organ.of, 2000, 11), [{ correct, trials: 1 }]);
    const half = 1.96 * Math.sqrt((0.6 * 0.4) / n);
    expect(all!.micro.value).toBe(0.6);
    expect(all!.micro.low).toBeCloseTo(0.6 - half, 2);
    expect(all!.micro.high).toBeCloseTo(0.6 + half, 2);
  });

  it('keep every organ system at its size in every resample', () => {
    const table = caseTable(cases({ brain: 5, chest: 3 }));
    const resamples = stratifiedResamples(table.groups.organ.of, 100, 1);
    for (let r = 0; r < 100; r++) {
      const row = resampleWeights(resamples, r, new Uint16Array(resamples.n));
      expect(row.subarray(0, 5).reduce((a, b) => a + b, 0)).toBe(5);
      expect(row.subarray(5).reduce((a, b) => a + b, 0)).toBe(3);
    }
  });

  it('report accuracy by department and question type, with the group sizes', () => {
    const table = caseTable(cases({ brain: 4, chest: 4 }, (k) => ({ department: k % 2 ? 'neurology' : 'radiology', questionType: 'open' })));
    const correct = Uint8Array.from({ length: 8 }, (_, i) => (i % 2 ? 1 : 0));
    const [all] = bootstrapAccuracy(table, stratifiedResamples(table.groups.organ.of, 200, 1), [{ correct, trials: 1 }]);
    expect(all!.groups.department.map((g) => [g.group, g.cases, g.accuracy.value])).toEqual([
      ['radiology', 4, 0],
      ['neurology', 4, 1],
    ]);
    expect(all!.groups.questionType[0]!.accuracy.value).toBe(0.5);
  });

  it('find the same percentiles as sorting, with many ties', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      const distinct = 1 + Math.floor(random() * 40);
      const values = Float64Array.from({ length: 2000 }, () => Math.floor(random() * distinct) / distinct);
      const sorted = Float64Array.from(values).sort();
      const at = (q: number) => {
        const position = (sorted.length - 1) * q;
        const below = Math.floor(position);
        return sorted[below]! + (sorted[below + 1]! - sorted[below]!) * (position - below);
      };
      const interval = percentileInterval(0.5, values);
      expect(interval.low).toBeCloseTo(at(0.025), 12);
      expect(interval.high).toBeCloseTo(at(0.975), 12);
    }
  });

  it('find exactly the percentiles of sorting, whatever order the values come in', () => {
    const random = seededRandom(11);
    const percentiles = (values: Float64Array) => {
      const sorted = Float64Array.from(values).sort();
      const at = (q: number) => {
        const position = (sorted.length - 1) * q;
        const below = Math.floor(position);
        return sorted[below]! + (sorted[below + 1]! - sorted[below]!) * (position - below);
      };
      return [at(0.025), at(0.975)];
    };
    // Random values, sorted and reversed runs, and values whose sampled positions (every 32nd)
    // hold the extremes, so a guess from the sample is wrong and the exact fallback must answer.
    const layouts: ((i: number, n: number) => number)[] = [
      () => random(),
      (i) => i,
      (i, n) => n - i,
      (i) => (i % 32 === 0 ? 1e9 + i : random()),
      (i) => (i % 32 === 0 ? -1e9 - i : random()),
      () => (random() < 0.97 ? 0.5 : random()),
    ];
    for (const n of [64, 65, 100, 999, 2000, 2001, 5000]) {
      for (const layout of layouts) {
        const values = Float64Array.from({ length: n }, (_, i) => layout(i, n));
        const { low, high } = percentileInterval(0.5, values);
        expect([low, high]).toEqual(percentiles(values));
      }
    }
  });

  it('leave undefined resamples out of the percentiles', () => {
    expect(percentileInterval(0.5, Float64Array.from([Number.NaN, 0.4, 0.6, 0.5]))).toEqual({ value: 0.5, low: expect.closeTo(0.405, 5), high: expect.closeTo(0.595, 5) });
  });
});
