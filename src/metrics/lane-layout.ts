/**
 * Several small non-negative integers share one float64 ("lanes"): one addition then updates
 * several totals at once, exactly, as long as no lane's total can reach the next lane. `maxTotal`
 * is the largest total a lane may hold.
 */
export function laneLayout(maxTotal: number) {
  const bits = Math.max(1, Math.ceil(Math.log2(maxTotal + 1)));
  const lanes = Math.max(1, Math.min(4, Math.floor(52 / bits)));
  return { lanes, base: 2 ** bits };
}
