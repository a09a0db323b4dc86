// Python's `json.loads` accepts more than JSON.parse: `NaN`, `Infinity` and `-Infinity`. A JSON
// object carrying one of them in its `reason` is a valid verdict for the reference and must be one
// for us in official mode. Values are decoded only as far as the parser needs them: strings
// exactly, everything else as a stand-in that can never equal "A" or "B".

export type PyJsonValue = string | number | boolean | null | PyJsonValue[] | Map<string, PyJsonValue>;

class PyJsonError extends Error {}

// CPython refuses to convert integers with more digits than this (sys.int_info.default_max_str_digits).
const MAX_INT_DIGITS = 4300;

export function pyJsonLoads(text: string): PyJsonValue {
  let pos = skipSpace(text, 0);
  const [value, end] = parseValue(text, pos);
  pos = skipSpace(text, end);
  if (pos !== text.length) throw new PyJsonError(`Extra data at ${pos}`);
  return value;
}

export function tryPyJsonLoads(text: string): PyJsonValue | undefined {
  try {
    return pyJsonLoads(text);
  } catch {
    return undefined;
  }
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text[pos];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
    pos++;
  }
  return pos;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

function parseValue(text: string, pos: number): [PyJsonValue, number] {
  const c = text[pos];
  if (c === '"') return parseString(text, pos + 1);
  if (c === '{') return parseObject(text, pos + 1);
  if (c === '[') return parseArray(text, pos + 1);
  for (const [literal, value] of LITERALS) {
    if (text.startsWith(literal, pos)) return [value, pos + literal.length];
  }
  NUMBER.lastIndex = pos;
  const match = NUMBER.exec(text);
  if (match) {
    const isInteger = match[1] === undefined && match[2] === undefined;
    if (isInteger && match[0].replace('-', '').length > MAX_INT_DIGITS) throw new PyJsonError('integer too long');
    return [Number(match[0]), pos + match[0].length];
  }
  throw new PyJsonError(`Expecting value at ${pos}`);
}

const LITERALS: ReadonlyArray<readonly [string, PyJsonValue]> = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function parseString(text: string, pos: number): [string, number] {
  let out = '';
  for (;;) {
    if (pos >= text.length) throw new PyJsonError('Unterminated string');
    const c = text[pos]!;
    if (c === '"') return [out, pos + 1];
    if (c.charCodeAt(0) < 0x20) throw new PyJsonError('Invalid control character');
    if (c !== '\\') {
      out += c;
      pos++;
      continue;
    }
    const e = text[pos + 1];
    if (e === undefined) throw new PyJsonError('Unterminated string');
    if (e === 'u') {
      const hex = text.slice(pos + 2, pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PyJsonError('Invalid \\uXXXX escape');
      out += String.fromCharCode(parseInt(hex, 16));
      pos += 6;
      continue;
    }
    const decoded = ESCAPES[e];
    if (decoded === undefined) throw new PyJsonError('Invalid \\escape');
    out += decoded;
    pos += 2;
  }
}

function parseObject(text: string, pos: number): [Map<string, PyJsonValue>, number] {
  const object = new Map<string, PyJsonValue>();
  pos = skipSpace(text, pos);
  if (text[pos] === '}') return [object, pos + 1];
  for (;;) {
    if (text[pos] !== '"') throw new PyJsonError('Expecting property name enclosed in double quotes');
    const [key, afterKey] = parseString(text, pos + 1);
    pos = skipSpace(text, afterKey);
    if (text[pos] !== ':') throw new PyJsonError("Expecting ':' delimiter");
    const [value, afterValue] = parseValue(text, skipSpace(text, pos + 1));
    object.set(key, value);
    pos = skipSpace(text, afterValue);
    if (text[pos] === '}') return [object, pos + 1];
    if (text[pos] !== ',') throw new PyJsonError("Expecting ',' delimiter");
    pos = skipSpace(text, pos + 1);
  }
}

function parseArray(text: string, pos: number): [PyJsonValue[], number] {
  const array: PyJsonValue[] = [];
  pos = skipSpace(text, pos);
  if (text[pos] === ']') return [array, pos + 1];
  for (;;) {
    const [value, afterValue] = parseValue(text, pos);
    array.push(value);
    pos = skipSpace(text, afterValue);
    if (text[pos] === ']') return [array, pos + 1];
    if (text[pos] !== ',') throw new PyJsonError("Expecting ',' delimiter");
    pos = skipSpace(text, pos + 1);
  }
}
