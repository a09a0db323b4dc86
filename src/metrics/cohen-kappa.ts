/**
 * Cohen's kappa between two raters over the same items, from their category codes. Categories a
 * rater never used simply have probability 0 for them, so a judge's failures and ties (categories
 * experts never use) count as disagreement without inflating chance agreement.
 */
export function cohenKappa(rater1: ArrayLike<number>, rater2: ArrayLike<number>): number {
  const n = rater1.length;
  if (n === 0) return Number.NaN;
  const counts1 = new Map<number, number>();
  const counts2 = new Map<number, number>();
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const a = rater1[i]!;
    const b = rater2[i]!;
    if (a === b) agree++;
    counts1.set(a, (counts1.get(a) ?? 0) + 1);
    counts2.set(b, (counts2.get(b) ?? 0) + 1);
  }
  const observed = agree / n;
  let chance = 0;
  for (const [category, c1] of counts1) chance += (c1 / n) * ((counts2.get(category) ?? 0) / n);
  // Both raters constant and equal: agreement is perfect but kappa is undefined.
  return chance === 1 ? Number.NaN : (observed - chance) / (1 - chance);
}
