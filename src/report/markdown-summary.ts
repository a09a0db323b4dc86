import { DIMENSIONS } from '../protocol/dimensions.js';
import type { Estimate } from '../metrics/bootstrap.js';
import type { JudgeStatistics } from '../metrics/judge-statistics.js';
import { positionApplies } from '../protocol/judge-mode.js';

const percent = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : (100 * x).toFixed(1));
const withInterval = (e: Estimate) => `${percent(e.value)} [${percent(e.low)}, ${percent(e.high)}]`;

/** A pointwise or reward judge has no answer position: its swap figures are shown as not applicable. */
export const NOT_APPLICABLE = 'n/a';

/** Escapes text that would break a Markdown table cell or be read as markup. */
export function markdownCell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * One row per judge: overall accuracy and accuracy per dimension (all judged orders, %), position
 * bias and agreement beyond chance on the overall dimension, each with its 95% interval, and what
 * failed.
 */
export function markdownSummary(statistics: readonly JudgeStatistics[]): string {
  const both = statistics.some((s) => s.orders.length === 2);
  const header = [
    'judge',
    'overall [95% CI]',
    ...DIMENSIONS.filter((d) => d !== 'overall').map((d) => `${d} [95% CI]`),
    ...(both ? ['swap-consistent [95% CI]', 'first-slot rate [95% CI]'] : []),
    'kappa [95% CI]',
    'answered',
    'parse failures',
    'request errors',
    ...(statistics.some((s) => s.costUsd !== null) ? ['cost'] : []),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const s of statistics) {
    const overall = s.dimensions.overall;
    const cells = [
      markdownCell(s.judge) + (s.mode === 'reward' ? ' (single score)' : ''),
      withInterval(overall.accuracy.micro),
      ...DIMENSIONS.filter((d) => d !== 'overall').map((d) => withInterval(s.dimensions[d].accuracy.micro)),
      ...(both && !positionApplies(s.mode)
        ? [NOT_APPLICABLE, NOT_APPLICABLE]
        : both
        ? [
            overall.intervals.swapConsistency ? withInterval(overall.intervals.swapConsistency) : percent(overall.position.swapConsistency),
            withInterval(overall.intervals.firstSlotRate),
          ]
        : []),
      overall.kappa === null ? '-' : `${overall.kappa.toFixed(2)}${Number.isFinite(overall.intervals.kappa.low) ? ` [${overall.intervals.kappa.low.toFixed(2)}, ${overall.intervals.kappa.high.toFixed(2)}]` : ''}`,
      // A run cut short scores its unanswered trials as wrong; this column says how many there were.
      `${s.answered}/${s.trials}`,
      String(s.parseFailures),
      String(s.requestErrors),
      ...(statistics.some((x) => x.costUsd !== null) ? [formatCost(s.costUsd)] : []),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

export function formatCost(usd: number | null): string {
  return usd === null ? '-' : `$${usd < 1 ? usd.toFixed(4) : usd.toFixed(2)}`;
}
