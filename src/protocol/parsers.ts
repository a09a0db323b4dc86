import { officialParser } from './official-parser.js';
import { strictParser } from './strict-parser.js';
import type { ParserName, VerdictParser } from './verdict-parser.js';

const PARSERS: Record<ParserName, VerdictParser> = { strict: strictParser, official: officialParser };

export function verdictParser(name: ParserName): VerdictParser {
  return PARSERS[name];
}
