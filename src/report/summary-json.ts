import type { RunScore } from '../metrics/score-run.js';

/** Every figure of the run, per judge, with what it was computed from. */
export function summaryJson(score: RunScore): string {
  const { run } = score;
  return (
    JSON.stringify(
      {
        run: run.id,
        status: run.status,
        createdAt: run.createdAt,
        parser: score.parser,
        orders: run.settings.orders,
        samples: run.settings.samples,
        dataset: run.dataset,
        judges: score.summaries.map((s) => ({
          ...s,
          settings: run.settings.judges.find((j) => j.spec === s.judge)?.settings ?? {},
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
