import type { TokenPrice } from './judge-config.js';

/** Dollars for these tokens at this price per million; unknown usage counts as none. */
export function tokenCost(price: TokenPrice | undefined, inputTokens: number | null, outputTokens: number | null): number {
  if (!price) return 0;
  return ((inputTokens ?? 0) * price.input + (outputTokens ?? 0) * price.output) / 1_000_000;
}
