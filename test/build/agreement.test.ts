import { describe, expect, it } from 'vitest';
import { agreement, fleissKappa, krippendorffAlpha } from '../../src/build/agreement.js';

describe('Fleiss kappa', () => {
  it('matches the worked example of Fleiss (1971) as given on Wikipedia (10 subjects, 14 raters, 5 categories): 0.210', () => {
    const table = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    const units = table.map((row) => row.flatMap((n, j) => Array<string>(n).fill(String(j + 1))));
    expect(fleissKappa(units)).toBeCloseTo(0.20993, 4);
  });

  it('three annotators, four pairs, by hand', () => {
    // Units: AAA, AAB, BBB, ABB. P_i: 1, 1/3, 1, 1/3 -> P = 2/3. p_A = 6/12, p_B = 6/12 -> Pe = 1/2.
    // kappa = (2/3 - 1/2) / (1/2) = 1/3.
    const units = [['A', 'A', 'A'], ['A', 'A', 'B'], ['B', 'B', 'B'], ['A', 'B', 'B']];
    expect(fleissKappa(units)).toBeCloseTo(1 / 3, 10);
  });

  it('is undefined when every rating is the same category, and -0.5 for the most possible disagreement of 3 raters on 2 categories', () => {
    expect(fleissKappa([['A', 'A', 'A'], ['A', 'A', 'A']])).toBeNull();
    // AAB and ABB: P_i = 1/3 each; p = 1/2 each -> kappa = (1/3 - 1/2) / (1/2) = -1/3.
    expect(fleissKappa([['A', 'A', 'B'], ['A', 'B', 'B']])).toBeCloseTo(-1 / 3, 10);
  });
});

describe("Krippendorff's alpha (nominal)", () => {
  it("matches Krippendorff's own example with missing values: 0.743", () => {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example: 4 observers,
    // 12 units, some values missing; alpha = 0.743.
    const data = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];
    const units = data[0]!.map((_, u) => data.map((row) => row[u]).filter((v) => v !== null).map(String));
    expect(krippendorffAlpha(units)).toBeCloseTo(0.743, 3);
  });

  it('three annotators, four pairs, by hand', () => {
    // Coincidences from AAA, AAB, BBB, ABB (each unit m = 3, weight 1/2 per ordered pair):
    // o_AB = o_BA = (2*1 + 1*2) / 2 = 2 ... per unit AAB: pairs A-B ordered = 2*1*2 = 4 -> 4/2 = 2; ABB likewise 2.
    // Off-diagonal total D_o = 4. n_A = 6, n_B = 6, n = 12. D_e = 2 * 6 * 6 = 72. alpha = 1 - 11 * 4 / 72 = 7/18.
    const units = [['A', 'A', 'A'], ['A', 'A', 'B'], ['B', 'B', 'B'], ['A', 'B', 'B']];
    expect(krippendorffAlpha(units)).toBeCloseTo(7 / 18, 10);
  });

  it('leaves out units with one rating, and reports unanimity', () => {
    const figures = agreement([['A', 'A', 'A'], ['A', 'A', 'B'], ['B', 'B', 'B'], ['A', 'B', 'B'], ['A']]);
    expect(figures).toMatchObject({ units: 4, ratings: 12, unanimous: 0.5 });
    expect(figures.fleissKappa).toBeCloseTo(1 / 3, 10);
    expect(figures.krippendorffAlpha).toBeCloseTo(7 / 18, 10);
  });
});
