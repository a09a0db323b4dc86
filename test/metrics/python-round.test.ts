import { describe, expect, it } from 'vitest';
import { pythonRound4 } from '../../src/metrics/python-round.js';

describe("pythonRound4 rounds like Python's round(x, 4)", () => {
  it.each([
    // Exact binary halves round to even, where toFixed would round up.
    [1 / 32, 0.0312],
    [3 / 32, 0.0938],
    [5 / 32, 0.1562],
    [7 / 32, 0.2188],
    [0.15625, 0.1562],
    // Everything else is the nearest 4-decimal number.
    [1 / 3, 0.3333],
    [2 / 3, 0.6667],
    [0.5, 0.5],
    [1, 1],
    [0, 0],
    [37 / 79, 0.4684],
    [0.00005, 0.0001],
  ])('round(%d, 4) = %d', (x, expected) => {
    expect(pythonRound4(x)).toBe(expected);
  });
});
