import { DIMENSIONS, type Label } from './dimensions.js';
import { PY_SPACE_CLASS, PY_WORD_CLASS, pyIgnoreCaseLiteral, pyStrip, pyStripChars } from './python-text.js';
import { tryPyJsonLoads } from './python-json.js';
import { failedVerdict, verdictOf, type Verdict } from './verdict.js';
import type { ParsedOutput, VerdictParser } from './verdict-parser.js';

// The reference's cascade (protocol file, "Parsing a verdict, official mode"), defects included
// on purpose: published numbers were computed with it.

const dimensionPatterns = DIMENSIONS.map(
  (dim) =>
    [
      dim,
      new RegExp(`"?${pyIgnoreCaseLiteral(dim)}"?[${PY_SPACE_CLASS}]*:[${PY_SPACE_CLASS}]*"?([AaBb])"?`, 'u'),
    ] as const,
);
const reasonPattern = new RegExp(
  `"?${pyIgnoreCaseLiteral('reason')}"?[${PY_SPACE_CLASS}]*:[${PY_SPACE_CLASS}]*"([^"]*)"`,
  'u',
);
const doubleBracketPattern = /\[\[([AaBb])\]\]/;
const standaloneLetterPattern = new RegExp(`(?<![${PY_WORD_CLASS}])[AaBb](?![${PY_WORD_CLASS}])`, 'gu');

const UNPARSEABLE = 'unparseable by the official cascade';

function everyDimension(letter: string): Verdict {
  const choice = letter.toUpperCase() as Label;
  return verdictOf(() => ({ choice }));
}

function fromJson(s: string): ParsedOutput | undefined {
  const candidate = s.includes('{') && s.includes('}') ? s.slice(s.indexOf('{'), s.lastIndexOf('}') + 1) : s;
  const fast = standardJson(candidate);
  if (fast !== NOT_JSON) return fast instanceof Map ? verdictFromObject(fast) : undefined;
  const parsed = tryPyJsonLoads(candidate);
  return parsed instanceof Map ? verdictFromObject(parsed) : undefined;
}

const NOT_JSON = Symbol('not standard JSON');

/**
 * Fast path: text that JSON.parse accepts, Python's json.loads accepts with the same structure,
 * as long as it is too short for Python's limits (4,300-digit integers, ~1,000 nesting levels).
 */
function standardJson(candidate: string): unknown {
  if (candidate.length >= 2000) return NOT_JSON;
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch {
    return NOT_JSON;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? new Map(Object.entries(value)) : value;
}

function verdictFromObject(parsed: Map<string, unknown>): ParsedOutput | undefined {
  const choices: Partial<Record<string, Label>> = {};
  for (const dim of DIMENSIONS) {
    const value = parsed.get(dim);
    // Only a string's str() can strip and upper-case to "A" or "B"; every other type fails.
    const normalized = typeof value === 'string' ? pyStrip(value).toUpperCase() : '';
    if (normalized !== 'A' && normalized !== 'B') return undefined;
    choices[dim] = normalized;
  }
  const reason = parsed.get('reason');
  return {
    verdict: verdictOf((d) => ({ choice: choices[d]! })),
    ...(reason !== undefined ? { reason: typeof reason === 'string' ? pyStrip(reason) : String(reason) } : {}),
  };
}

function fromDimensionText(s: string): ParsedOutput | undefined {
  const choices: Partial<Record<string, Label>> = {};
  for (const [dim, pattern] of dimensionPatterns) {
    const match = pattern.exec(s);
    if (!match) return undefined;
    choices[dim] = match[1]!.toUpperCase() as Label;
  }
  const reason = reasonPattern.exec(s)?.[1];
  return {
    verdict: verdictOf((d) => ({ choice: choices[d]! })),
    ...(reason !== undefined ? { reason: pyStrip(reason) } : {}),
  };
}

export function parseOfficial(raw: string): ParsedOutput {
  const s = pyStripChars(pyStrip(raw), '"');
  const structured = fromJson(s) ?? fromDimensionText(s);
  if (structured) return structured;
  const bracketed = doubleBracketPattern.exec(s);
  if (bracketed) return { verdict: everyDimension(bracketed[1]!) };
  const standalone = s.match(standaloneLetterPattern);
  if (standalone?.length === 1) return { verdict: everyDimension(standalone[0]) };
  const upper = s.toUpperCase();
  if (upper === 'A' || upper === 'B') return { verdict: everyDimension(upper) };
  return { verdict: failedVerdict(UNPARSEABLE) };
}

export const officialParser: VerdictParser = { name: 'official', parse: parseOfficial };
