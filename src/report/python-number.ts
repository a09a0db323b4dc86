/** A float as Python's repr writes it (`1.0`, not `1`), as the reference's pandas output does. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}
