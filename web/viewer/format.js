export const DIMENSIONS = ['accuracy', 'relevance', 'comprehensiveness', 'creativity', 'responsiveness', 'overall'];

/** @param {number | null | undefined} x */
export const pct = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);

/** @param {number | null | undefined} n */
export const count = (n) => (n === null || n === undefined ? '–' : n.toLocaleString('en-US'));

/** @param {number | null | undefined} ms */
export const duration = (ms) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** @param {string} iso */
export const when = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '–');

/** What a trial's outcome on one dimension means, in words a reader can act on. */
export const OUTCOME_TEXT = {
  correct: 'agrees with the physicians',
  wrong: 'disagrees with the physicians',
  tie: 'called a tie (physicians chose one)',
  'parse-failure': 'answer could not be read',
  error: 'request failed',
  missing: 'not judged yet',
};

export const OUTCOME_MARK = { correct: '✓', wrong: '✗', tie: '=', 'parse-failure': '?', error: '!', missing: '…' };
