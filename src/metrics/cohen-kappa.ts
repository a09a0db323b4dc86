/**
 * Cohen's kappa from a confusion table: `table[a][b]` counts items rater 1 put in category a and
 * rater 2 in category b (square; categories a rater never used have zero rows or columns).
 */
export function cohenKappaFromTable(table: readonly (readonly number[])[]): number {
  const k = table.length;
  let n = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const columns = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const count = table[a]![b]!;
      n += count;
      rows[a]! += count;
      columns[b]! += count;
      if (a === b) agree += count;
    }
  }
  if (n === 0) return Number.NaN;
  let chance = 0;
  for (let c = 0; c < k; c++) chance += (rows[c]! / n) * (columns[c]! / n);
  return chance === 1 ? Number.NaN : (agree / n - chance) / (1 - chance);
}

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
