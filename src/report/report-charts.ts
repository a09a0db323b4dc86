import type { TopLevelSpec } from 'vega-lite';
import { DIMENSIONS } from '../protocol/dimensions.js';
import { positionApplies } from '../protocol/judge-mode.js';
import type { DatasetDescription, ReportJudge } from './report-model.js';

/** A judge's name in charts and tables; the run is added only when one judge appears from several runs. */
export function judgeLabels(judges: readonly ReportJudge[]): string[] {
  const count = new Map<string, number>();
  for (const j of judges) count.set(j.statistics.judge, (count.get(j.statistics.judge) ?? 0) + 1);
  return judges.map((j) => (count.get(j.statistics.judge)! > 1 ? `${j.statistics.judge} (${j.run})` : j.statistics.judge));
}

const num = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? null : x);
const PERCENT_AXIS = { format: '.0%', grid: true } as const;

/** Overall accuracy of each judge as a dot with its 95% interval, best first, against the 50% of a coin flip. */
export function leaderboardSpec(judges: readonly ReportJudge[]): TopLevelSpec {
  const labels = judgeLabels(judges);
  const values = judges.map((j, k) => {
    const e = j.statistics.dimensions.overall.accuracy.micro;
    return { judge: labels[k]!, accuracy: num(e.value), low: num(e.low) ?? num(e.value), high: num(e.high) ?? num(e.value) };
  });
  const order = [...values].sort((a, b) => (b.accuracy ?? -1) - (a.accuracy ?? -1)).map((v) => v.judge);
  const y = { field: 'judge', type: 'nominal', sort: order, title: null, axis: { labelLimit: 320 } } as const;
  return {
    width: 520,
    height: { step: 28 },
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 4], opacity: 0.6, color: 'currentColor' }, data: { values: [{ chance: 0.5 }] }, encoding: { x: { field: 'chance', type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 2, color: 'currentColor' }, encoding: { y, x: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, axis: PERCENT_AXIS, title: 'overall accuracy (95% interval)' }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 80 }, encoding: { y, x: { field: 'accuracy', type: 'quantitative' }, color: { field: 'judge', type: 'nominal', sort: order, legend: null } } },
    ],
  } as TopLevelSpec;
}

/** Accuracy on each of the six dimensions, one bar per judge, with whiskers for the 95% interval. */
export function dimensionSpec(judges: readonly ReportJudge[]): TopLevelSpec {
  const labels = judgeLabels(judges);
  const values = judges.flatMap((j, k) =>
    DIMENSIONS.map((d) => {
      const e = j.statistics.dimensions[d].accuracy.micro;
      return { judge: labels[k]!, dimension: d, accuracy: num(e.value), low: num(e.low) ?? num(e.value), high: num(e.high) ?? num(e.value) };
    }),
  );
  const x = { field: 'dimension', type: 'nominal', sort: [...DIMENSIONS], title: null, axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'judge', type: 'nominal', sort: labels } as const;
  return {
    // With an offset channel a width step would size each bar, not each dimension: give the whole width.
    width: DIMENSIONS.length * Math.max(96, 20 * judges.length + 28),
    height: 240,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.85 },
        encoding: {
          x, xOffset,
          y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: PERCENT_AXIS, title: 'accuracy' },
          color: { field: 'judge', type: 'nominal', sort: labels, title: 'judge', legend: { orient: 'bottom', direction: 'vertical' } },
        },
      },
      { mark: { type: 'rule', strokeWidth: 1.5, color: 'currentColor' }, encoding: { x, xOffset, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    ],
  } as TopLevelSpec;
}

/**
 * One judge's accuracy per organ system and dimension. Red below 50% (worse than a coin flip), blue
 * above: a clinician sees at a glance where the judge should not be trusted.
 */
export function organHeatmapSpec(judge: ReportJudge): TopLevelSpec {
  const values = DIMENSIONS.flatMap((d) =>
    judge.statistics.dimensions[d].accuracy.groups.organ.map((g) => ({ organ: g.group, cases: g.cases, dimension: d, accuracy: num(g.accuracy.value) })),
  );
  const organs = [...new Set(values.map((v) => v.organ))].sort();
  const x = { field: 'dimension', type: 'nominal', sort: [...DIMENSIONS], title: null, axis: { orient: 'top', labelAngle: 0 } } as const;
  const y = { field: 'organ', type: 'nominal', sort: organs, title: null } as const;
  return {
    width: { step: 104 },
    height: { step: 26 },
    data: { values },
    layer: [
      {
        mark: { type: 'rect', stroke: 'currentColor', strokeOpacity: 0.15 },
        encoding: {
          x, y,
          color: { field: 'accuracy', type: 'quantitative', scale: { scheme: 'redblue', domain: [0, 1], domainMid: 0.5 }, legend: { format: '.0%', title: 'accuracy' } },
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          x, y,
          text: { field: 'accuracy', type: 'quantitative', format: '.0%' },
          // Dark text on the pale middle of the scale, white on its saturated ends, in either page theme.
          color: { condition: { test: 'datum.accuracy < 0.2 || datum.accuracy > 0.8', value: 'white' }, value: '#111' },
        },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Position bias: how often each judge kept its verdict when the answers were swapped, and how often
 * it chose whatever answer was shown first (50% is no bias), both with 95% intervals.
 */
export function positionSpec(judges: readonly ReportJudge[]): TopLevelSpec {
  const labels = judgeLabels(judges);
  const values = judges.flatMap((j, k) => {
    if (!positionApplies(j.statistics.mode)) return [];
    const o = j.statistics.dimensions.overall;
    const swap = o.intervals?.swapConsistency;
    const first = o.intervals?.firstSlotRate;
    return [
      { judge: labels[k]!, figure: 'swap consistency', value: num(o.position.swapConsistency), low: num(swap?.low), high: num(swap?.high) },
      { judge: labels[k]!, figure: 'first-slot rate', value: num(o.position.firstSlotRate), low: num(first?.low), high: num(first?.high) },
    ];
  });
  const panel = (figure: string, title: string, reference: number | null) => ({
    width: 300,
    height: { step: 28 },
    title,
    transform: [{ filter: { field: 'figure', equal: figure } }],
    layer: [
      ...(reference === null ? [] : [{ mark: { type: 'rule', strokeDash: [4, 4], opacity: 0.6, color: 'currentColor' }, encoding: { x: { datum: reference, type: 'quantitative' } } }]),
      { mark: { type: 'rule', strokeWidth: 2, color: 'currentColor' }, encoding: { y: { field: 'judge', type: 'nominal', sort: labels, title: null, axis: { labelLimit: 260 } }, x: { field: 'low', type: 'quantitative', scale: { domain: [0, 1] }, axis: PERCENT_AXIS, title: null }, x2: { field: 'high' } } },
      { mark: { type: 'point', filled: true, size: 80 }, encoding: { y: { field: 'judge', type: 'nominal', sort: labels }, x: { field: 'value', type: 'quantitative' }, color: { field: 'judge', type: 'nominal', sort: labels, legend: null } } },
    ],
  });
  return {
    data: { values },
    hconcat: [panel('swap consistency', 'Same verdict in both orders (higher is better)', null), panel('first-slot rate', 'Chose the answer shown first (50% = unbiased)', 0.5)],
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

/** How many cases each organ system contributes, split by the experts' overall preference. */
export function organCasesSpec(description: DatasetDescription): TopLevelSpec {
  const organs = description.byOrgan.map((o) => o.name);
  const values = description.byOrgan.flatMap((o) => [
    { organ: o.name, preferred: 'answer A', cases: o.overallA },
    { organ: o.name, preferred: 'answer B', cases: o.cases - o.overallA },
  ]);
  return {
    width: 420,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'organ', type: 'nominal', sort: organs, title: null },
      x: { field: 'cases', aggregate: 'sum', type: 'quantitative', title: 'cases', axis: { tickMinStep: 1, grid: true } },
      color: { field: 'preferred', type: 'nominal', title: 'experts preferred (overall)', scale: { range: ['#4c78a8', '#f58518'] }, legend: { orient: 'bottom' } },
    },
  } as TopLevelSpec;
}
