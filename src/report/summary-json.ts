import type { RunScore } from '../metrics/score-run.js';
import { positionApplies } from '../protocol/judge-mode.js';
import { datasetWithoutStamp } from '../runner/run-settings.js';

/** Every figure of the run, per judge, with what it was computed from. Undefined figures are null. */
export function summaryJson(score: RunScore): string {
  const { run } = score;
  const body = {
    run: run.id,
    status: run.status,
    createdAt: run.createdAt,
    parser: score.parser,
    orders: run.settings.orders,
    samples: run.settings.samples,
    bootstrap: {
      resamples: score.resamples,
      seed: score.seed,
      interval: 0.95,
      method: 'percentile, cases resampled within organ systems, both orders together',
      // Accuracy has intervals in every group; the other figures have them in byGroup only with --group-intervals.
      groupIntervals: score.groupIntervals,
    },
    dataset: datasetWithoutStamp(run.dataset),
    judges: score.statistics.map((s) => ({
      ...s,
      // The position figures are kept, but say nothing for a judge that never sees two answers at once.
      positionApplies: positionApplies(s.mode),
      settings: run.settings.judges.find((j) => j.spec === s.judge)?.settings ?? {},
    })),
  };
  return JSON.stringify(body, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2) + '\n';
}

