/**
 * Python's `round(x, 4)`: the decimal nearest to the double `x`, ties to even. `toFixed` breaks
 * ties upwards, so 1/32 = 0.03125 would become 0.0313 where the reference prints 0.0312. A double
 * lies exactly halfway between two 4-decimal numbers only when it is an odd multiple of 1/32.
 */
export function pythonRound4(x: number): number {
  const thirtySeconds = x * 32;
  if (Number.isInteger(thirtySeconds) && Math.abs(thirtySeconds) % 2 === 1) {
    const scaled = x * 10_000; // exact: an odd multiple of 312.5
    const below = Math.floor(scaled);
    return (below % 2 === 0 ? below : below + 1) / 10_000;
  }
  return Number(x.toFixed(4));
}
