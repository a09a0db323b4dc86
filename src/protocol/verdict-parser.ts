import type { Verdict } from './verdict.js';

/** What a parser read from a judge's raw output; the verdict is in prompt-slot order. */
export interface ParsedOutput {
  readonly verdict: Verdict;
  readonly reason?: string;
}

export const PARSER_NAMES = ['strict', 'official'] as const;
export type ParserName = (typeof PARSER_NAMES)[number];

export interface VerdictParser {
  readonly name: ParserName;
  parse(raw: string): ParsedOutput;
}
