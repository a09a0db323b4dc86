import { DIMENSIONS, isDimension, type Dimension } from './dimensions.js';
import { failedVerdict, verdictOf, type Choice, type DimensionVerdict } from './verdict.js';
import type { ParsedOutput, VerdictParser } from './verdict-parser.js';

// Fixes the reference cascade's defects: reasoning blocks are never read, each dimension needs
// its own unambiguous choice, a single letter is never copied to all six dimensions, and every
// dimension that fails says why.

const THINK_BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const THINK_OPEN = /<(think|thinking|reasoning)>/i;
const THINK_CLOSE = /<\/(?:think|thinking|reasoning)>/gi;

/** The final answer without reasoning blocks, or why there is none. */
export function withoutReasoning(raw: string): { text: string } | { failure: string } {
  if (!raw.includes('<')) return { text: raw };
  let text = raw.replace(THINK_BLOCK, ' ');
  // Chat templates that open the block in the prompt leave only its closing tag in the output.
  const closes = [...text.matchAll(THINK_CLOSE)];
  const lastClose = closes.at(-1);
  if (lastClose) text = text.slice(lastClose.index + lastClose[0].length);
  if (THINK_OPEN.test(text)) return { failure: 'output ends inside an unterminated reasoning block' };
  return { text };
}

/** Top-level `{...}` spans, aware of strings so braces inside reasons do not confuse it. */
export function jsonObjectSpans(text: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(text.slice(start, i + 1));
    }
  }
  return spans;
}

function parseLenientJson(span: string): unknown {
  try {
    return JSON.parse(span);
  } catch {
    // Repaired only when needed: most outputs parse as they are.
    try {
      return JSON.parse(span.replace(/,\s*([}\]])/g, '$1').replace(/[\u201c\u201d]/g, '"'));
    } catch {
      return undefined;
    }
  }
}

const normalizeKey = (key: string) => key.toLowerCase().replace(/[^a-z]/g, '');

/** The dimension entries of the last JSON object that has any, keyed by dimension. */
export function lastVerdictObject(text: string): Map<string, unknown> | undefined {
  // The common case, a bare JSON object, needs no scanning.
  if (text.startsWith('{') && text.endsWith('}')) {
    const whole = verdictEntries(parseLenientJson(text));
    if (whole) return whole;
  }
  const spans = jsonObjectSpans(text);
  for (let i = spans.length - 1; i >= 0; i--) {
    const entries = verdictEntries(parseLenientJson(spans[i]!));
    if (entries) return entries;
  }
  return undefined;
}

// The keys a verdict object usually has: known plain without testing them.
const PLAIN_KEYS = new Set<string>([...DIMENSIONS, 'reason', 'explanation']);

function verdictEntries(parsed: unknown): Map<string, unknown> | undefined {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const entries = new Map<string, unknown>();
  let dimensions = 0;
  for (const key in parsed) {
    if (!Object.hasOwn(parsed, key)) continue;
    // Most keys are already plain lower-case names; only the others need normalising.
    const name = PLAIN_KEYS.has(key) || /^[a-z]+$/.test(key) ? key : normalizeKey(key);
    entries.set(name, (parsed as Record<string, unknown>)[key]);
    if (isDimension(name)) dimensions++;
  }
  return dimensions > 0 ? entries : undefined;
}

const CHOICE_VALUE = /^(?:(?:assistant|answer|response)\s*)?\[{0,2}\(?([ab])\)?\]{0,2}$/i;
const TIE_VALUE = /^(?:tie|tied|equal|equally good|same|both)$/i;

// Verdicts are never mutated, so the common bare letters share one object each.
const CHOSE_A: DimensionVerdict = Object.freeze({ choice: 'A' });
const CHOSE_B: DimensionVerdict = Object.freeze({ choice: 'B' });

export function choiceFromValue(value: unknown): DimensionVerdict {
  // What the cleaning and pattern below make of a bare letter, without running them.
  if (value === 'A') return CHOSE_A;
  if (value === 'B') return CHOSE_B;
  if (value === undefined) return { failure: 'missing' };
  if (typeof value !== 'string') return { failure: `not a choice: ${JSON.stringify(value)}` };
  const cleaned = value.trim().replace(/^[\s"'*`]+|[\s"'*`.]+$/g, '');
  const letter = CHOICE_VALUE.exec(cleaned)?.[1];
  if (letter) return { choice: letter.toUpperCase() as Choice };
  if (TIE_VALUE.test(cleaned)) return { choice: 'tie' };
  return { failure: `ambiguous value ${JSON.stringify(value.slice(0, 40))}` };
}

function fromJsonObject(entries: Map<string, unknown>): ParsedOutput {
  const reason = entries.get('reason') ?? entries.get('explanation');
  return {
    verdict: verdictOf((d) => choiceFromValue(entries.get(d))),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

// In prose only a capital letter counts: a lower-case "a" is far more often the article.
function textChoicePattern(dimension: Dimension): RegExp {
  return new RegExp(
    String.raw`\b${dimension}\b[\s"'*_]*[:=\uff1a][\s"'*_]*(?:\[\[\s*)?(?:(?:[Aa]ssistant|[Aa]nswer|[Rr]esponse)\s+)?(?:([AB])\b|(tie|equal)\b)`,
    'gi',
  );
}
const textPatterns = DIMENSIONS.map((d) => [d, textChoicePattern(d)] as const);

function fromText(text: string): ParsedOutput {
  return {
    verdict: verdictOf((d) => {
      const pattern = textPatterns.find(([dim]) => dim === d)![1];
      const found = new Set<Choice>();
      for (const match of text.matchAll(pattern)) {
        const letter = match[1];
        // The `i` flag is needed for the dimension name; the letter itself must be a capital.
        if (letter !== undefined && letter !== letter.toUpperCase()) continue;
        found.add(letter ? (letter as Choice) : 'tie');
      }
      if (found.size === 1) return { choice: [...found][0]! };
      if (found.size > 1) return { failure: `conflicting choices: ${[...found].join(', ')}` };
      return { failure: 'no choice found' };
    }),
  };
}

const BRACKETED = /\[\[\s*([AB])\s*\]\]/g;

/** A lone `[[A]]` is an overall verdict (the MT-Bench convention), never six. */
function overallOnly(text: string, parsed: ParsedOutput): ParsedOutput {
  if (DIMENSIONS.some((d) => 'choice' in parsed.verdict[d])) return parsed;
  const letters = new Set([...text.matchAll(BRACKETED)].map((m) => m[1] as Choice));
  if (letters.size !== 1) return parsed;
  const overall: DimensionVerdict = { choice: [...letters][0]! };
  return {
    verdict: verdictOf((d) =>
      d === 'overall' ? overall : { failure: 'only an overall verdict was given' },
    ),
  };
}

export function parseStrict(raw: string): ParsedOutput {
  const answer = withoutReasoning(raw);
  if ('failure' in answer) return { verdict: failedVerdict(answer.failure) };
  const text = answer.text.trim();
  if (text === '') return { verdict: failedVerdict('empty output') };
  const object = lastVerdictObject(text);
  if (object) return fromJsonObject(object);
  return overallOnly(text, fromText(text));
}

export const strictParser: VerdictParser = { name: 'strict', parse: parseStrict };
