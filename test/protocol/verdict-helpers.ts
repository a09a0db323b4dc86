import { DIMENSIONS } from '../../src/protocol/dimensions.js';
import type { Verdict } from '../../src/protocol/verdict.js';

/** Six letters (or `t` for tie, `-` for a failed dimension) in DIMENSIONS order, e.g. `ABABAA`. */
export function letters(verdict: Verdict): string {
  return DIMENSIONS.map((d) => {
    const v = verdict[d];
    if (!('choice' in v)) return '-';
    return v.choice === 'tie' ? 't' : v.choice;
  }).join('');
}
