/**
 * Exact (binomial) McNemar test on the discordant pairs: `onlyFirst` items only the first judge got
 * right, `onlySecond` only the second. Two-sided p-value, capped at 1. The binomial terms are
 * summed in log space, each from the previous one, so any size is exact to rounding and linear.
 */
export function exactMcNemar(onlyFirst: number, onlySecond: number): number {
  const n = onlyFirst + onlySecond;
  if (n === 0) return 1;
  const k = Math.min(onlyFirst, onlySecond);
  // log P(X = i) for X ~ Binomial(n, 1/2), from i = 0 upwards: C(n, i+1) = C(n, i) (n - i) / (i + 1).
  let logTerm = -n * Math.LN2;
  const logs: number[] = [logTerm];
  for (let i = 0; i < k; i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1);
    logs.push(logTerm);
  }
  const max = Math.max(...logs);
  const logTail = max + Math.log(logs.reduce((sum, l) => sum + Math.exp(l - max), 0));
  return Math.min(1, 2 * Math.exp(logTail));
}
