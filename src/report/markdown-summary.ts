import { DIMENSIONS } from '../protocol/dimensions.js';
import type { RunScore } from '../metrics/score-run.js';

const percent = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)}`);

/** Escapes text that would break a Markdown table cell or be read as markup. */
export function markdownCell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** One row per judge: micro accuracy (%) per dimension in the dataset's order, and what went wrong. */
export function markdownSummary(score: RunScore): string {
  const both = score.run.settings.orders.length === 2;
  const header = ['judge', ...DIMENSIONS, 'macro overall', ...(both ? ['swap-consistent overall'] : []), 'parse failures', 'request errors'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const s of score.summaries) {
    const cells = [
      markdownCell(s.judge),
      ...DIMENSIONS.map((d) => percent(s.dimensions[d].microAccuracy)),
      percent(s.dimensions.overall.macroAccuracy),
      ...(both ? [percent(s.dimensions.overall.swapConsistency)] : []),
      String(s.parseFailures),
      String(s.requestErrors),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}
