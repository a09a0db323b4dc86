// The reference parser is Python. Where Python's text semantics differ from JavaScript's, these
// helpers give Python's, so `official` mode classifies every output exactly as the reference does.

/** Characters Python's `str.isspace()` and `re`'s `\s` accept (JavaScript's `\s` differs: it adds U+FEFF and lacks U+001C-U+001F and U+0085). */
export const PY_SPACE_CLASS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python's `\w` for str patterns: letters and numbers of every script, and `_` (JavaScript's `\w` is ASCII only). */
export const PY_WORD_CLASS = '\\p{L}\\p{N}_';

const leadingSpace = new RegExp(`^[${PY_SPACE_CLASS}]+`, 'u');
const trailingSpace = new RegExp(`[${PY_SPACE_CLASS}]+$`, 'u');

/** Python's `s.strip()`. */
export function pyStrip(text: string): string {
  return text.replace(leadingSpace, '').replace(trailingSpace, '');
}

/** Python's `s.strip(chars)` for a set of plain characters. */
export function pyStripChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

// Python's `re.IGNORECASE` also folds these letters, which JavaScript's `i` flag does not:
// dotless i and capital dotted I match `i`, long s matches `s`, Kelvin sign matches `k`.
const PY_CASE_VARIANTS: Readonly<Record<string, string>> = {
  i: 'iI\u0131\u0130',
  s: 'sS\u017f',
  k: 'kK\u212a',
};

/** A regex source matching `word` the way Python's IGNORECASE does, for ASCII letter words. */
export function pyIgnoreCaseLiteral(word: string): string {
  let source = '';
  for (const ch of word.toLowerCase()) {
    const variants = PY_CASE_VARIANTS[ch] ?? (/[a-z]/.test(ch) ? ch + ch.toUpperCase() : undefined);
    source += variants ? `[${variants}]` : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}
