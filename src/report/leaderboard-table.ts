import { DIMENSIONS } from '../protocol/dimensions.js';
import type { Estimate } from '../metrics/bootstrap.js';
import type { Leaderboard } from '../metrics/leaderboard.js';
import { positionApplies } from '../protocol/judge-mode.js';
import { markdownCell, NOT_APPLICABLE } from './markdown-summary.js';

export const LEADERBOARD_FORMATS = ['md', 'csv', 'json'] as const;
export type LeaderboardFormat = (typeof LEADERBOARD_FORMATS)[number];

const percent = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : (100 * x).toFixed(1));
const decimals = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '');
/** An interval's ends, empty where it is undefined (no resample had anything to divide). */
const ends = (e: Estimate | null, format: (x: number) => string) => (e && Number.isFinite(e.low) ? `${format(e.low)}-${format(e.high)}` : '');

function rows(board: Leaderboard): Array<Record<string, string>> {
  return board.entries.map(({ rank, run, parser, statistics: s }) => {
    const overall = s.dimensions.overall;
    return {
      rank: String(rank),
      judge: s.judge,
      kind: s.mode === 'reward' ? 'single score' : s.mode,
      run,
      orders: s.orders.join('+'),
      parser,
      overall: percent(overall.accuracy.micro.value),
      'overall 95% CI': ends(overall.accuracy.micro, percent),
      ...Object.fromEntries(
        DIMENSIONS.filter((d) => d !== 'overall').flatMap((d) => [
          [d, percent(s.dimensions[d].accuracy.micro.value)],
          [`${d} 95% CI`, ends(s.dimensions[d].accuracy.micro, percent)],
        ]),
      ),
      'swap-consistent': positionApplies(s.mode) ? percent(overall.position.swapConsistency) : NOT_APPLICABLE,
      'swap-consistent 95% CI': positionApplies(s.mode) ? ends(overall.intervals.swapConsistency, percent) : NOT_APPLICABLE,
      kappa: overall.kappa === null ? '' : overall.kappa.toFixed(3),
      'kappa 95% CI': ends(overall.intervals.kappa, decimals),
      answered: `${s.answered}/${s.trials}`,
      'parse failures': String(s.parseFailures),
      'request errors': String(s.requestErrors),
      'input tokens': String(s.inputTokens),
      'output tokens': String(s.outputTokens),
      'cost ($)': s.costUsd === null ? '' : s.costUsd.toFixed(4),
    };
  });
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The leaderboard as a Markdown table, CSV, or JSON with every figure. */
export function formatLeaderboard(board: Leaderboard, format: LeaderboardFormat): string {
  if (format === 'json') {
    return JSON.stringify(board, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
  }
  const table = rows(board);
  const header = Object.keys(table[0] ?? { rank: '' });
  if (format === 'csv') return [header, ...table.map((r) => header.map((h) => r[h]!))].map((line) => line.map(csvField).join(',')).join('\n') + '\n';
  const lines = [
    `Dataset ${markdownCell(board.datasetPath)} (${board.cases} cases, fingerprint ${board.fingerprint}); accuracy in %, all judged orders.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((h) => (['judge', 'run', 'orders', 'parser'].includes(h) ? ' --- ' : ' ---: ')).join('|')}|`,
    ...table.map((r) => `| ${header.map((h) => markdownCell(r[h]!)).join(' | ')} |`),
    ...(board.mixedOrders ? ['', 'Warning: these judges were run in different orders (see the orders column); accuracies over one order and over both are not directly comparable.'] : []),
  ];
  return lines.join('\n') + '\n';
}
