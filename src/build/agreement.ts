/**
 * Chance-corrected agreement between annotators on nominal labels. A unit is one pair on one
 * dimension; its ratings are the labels its annotators gave. Units with fewer than two ratings
 * carry no information about agreement and are left out of both figures.
 */

export interface AgreementFigures {
  /** Units with at least two ratings. */
  readonly units: number;
  readonly ratings: number;
  /** Share of those units on which every rating is the same. */
  readonly unanimous: number | null;
  readonly fleissKappa: number | null;
  readonly krippendorffAlpha: number | null;
}

function counts(unit: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of unit) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/**
 * Fleiss' kappa. With n ratings on unit i and n_ij of them in category j: P_i = (sum_j n_ij^2 - n) / (n (n - 1)),
 * P = mean P_i, p_j = share of all ratings in j, P_e = sum_j p_j^2, kappa = (P - P_e) / (1 - P_e). With the
 * same number of ratings on every unit (three physicians) this is Fleiss (1971) exactly; with
 * unequal numbers it is the usual generalisation. null when P_e = 1 (every rating the same category).
 */
export function fleissKappa(units: ReadonlyArray<readonly string[]>): number | null {
  const usable = units.filter((u) => u.length >= 2);
  if (usable.length === 0) return null;
  let sumP = 0;
  const totals = new Map<string, number>();
  let all = 0;
  for (const unit of usable) {
    const n = unit.length;
    let squares = 0;
    for (const [category, c] of counts(unit)) {
      squares += c * c;
      totals.set(category, (totals.get(category) ?? 0) + c);
    }
    all += n;
    sumP += (squares - n) / (n * (n - 1));
  }
  const P = sumP / usable.length;
  let Pe = 0;
  for (const c of totals.values()) Pe += (c / all) ** 2;
  return Pe === 1 ? null : (P - Pe) / (1 - Pe);
}

/**
 * Krippendorff's alpha for nominal data, from the coincidence matrix: each unit with m ratings adds
 * 1 / (m - 1) for every ordered pair of its ratings. alpha = 1 - (n - 1) * D_o / D_e with
 * D_o = sum of off-diagonal coincidences and D_e = sum over c != k of n_c n_k. Handles any number of
 * ratings per unit. null when every pairable rating is the same category.
 */
export function krippendorffAlpha(units: ReadonlyArray<readonly string[]>): number | null {
  const usable = units.filter((u) => u.length >= 2);
  const nc = new Map<string, number>();
  let disagreeing = 0;
  for (const unit of usable) {
    const m = unit.length;
    const c = counts(unit);
    for (const [category, k] of c) {
      nc.set(category, (nc.get(category) ?? 0) + k);
      disagreeing += (k * (m - k)) / (m - 1);
    }
  }
  const n = [...nc.values()].reduce((a, b) => a + b, 0);
  let expected = 0;
  for (const [c, x] of nc) for (const [k, y] of nc) if (c !== k) expected += x * y;
  if (n === 0 || expected === 0) return null;
  return 1 - ((n - 1) * disagreeing) / expected;
}

export function agreement(units: ReadonlyArray<readonly string[]>): AgreementFigures {
  const usable = units.filter((u) => u.length >= 2);
  return {
    units: usable.length,
    ratings: usable.reduce((s, u) => s + u.length, 0),
    unanimous: usable.length === 0 ? null : usable.filter((u) => new Set(u).size === 1).length / usable.length,
    fleissKappa: fleissKappa(usable),
    krippendorffAlpha: krippendorffAlpha(usable),
  };
}
