import { DIMENSIONS } from '../protocol/dimensions.js';
import type { JudgeComparison } from '../metrics/compare-judges.js';
import { markdownCell } from './markdown-summary.js';

const pct = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '-');
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}` : '-');
const pValue = (p: number) => (p < 0.001 ? '<0.001' : p.toFixed(3));

/** Per dimension: both accuracies, the difference with its interval, McNemar, and split cases. */
export function comparisonMarkdown(c: JudgeComparison, listCases = 10): string {
  const first = markdownCell(`${c.first.judge} (${c.first.run})`);
  const second = markdownCell(`${c.second.judge} (${c.second.run})`);
  const lines = [
    `First: ${first}. Second: ${second}. ${c.cases} cases both judged${c.unanswered ? ` (${c.unanswered} more left out: a judge has no answer for them)` : ''}, orders ${c.orders.join('+')}, ${c.parser} parser, ${c.resamples} paired resamples (seed ${c.seed}).`,
    '',
    '| dimension | first % | second % | difference [95% CI] | only first right | only second right | McNemar p |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...DIMENSIONS.map((d) => {
      const x = c.dimensions[d];
      return `| ${d} | ${pct(x.accuracyFirst)} | ${pct(x.accuracySecond)} | ${signed(x.difference.value)} [${signed(x.difference.low)}, ${signed(x.difference.high)}] | ${x.onlyFirstRight.length} | ${x.onlySecondRight.length} | ${pValue(x.mcnemarP)} |`;
    }),
    '',
    'McNemar counts and cases use the dataset order; the difference averages over the orders both judged.',
  ];
  const overall = c.dimensions.overall;
  for (const [label, ids] of [['only the first right (overall)', overall.onlyFirstRight], ['only the second right (overall)', overall.onlySecondRight]] as const) {
    if (ids.length === 0) continue;
    const shown = ids.slice(0, listCases).map(markdownCell).join(', ');
    lines.push(`Cases ${label}: ${shown}${ids.length > listCases ? `, and ${ids.length - listCases} more (--format json lists all)` : ''}`);
  }
  return lines.join('\n') + '\n';
}
