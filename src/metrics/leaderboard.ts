import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store } from '../store/store.js';
import type { JudgeStatistics } from './judge-statistics.js';
import { scoreRun } from './score-run.js';

export interface LeaderboardEntry {
  /** Equal accuracies share a rank (1, 2, 2, 4). */
  readonly rank: number;
  readonly run: string;
  readonly parser: ParserName;
  readonly statistics: JudgeStatistics;
}

export interface Leaderboard {
  /** The dataset every entry was judged on (its content fingerprint). */
  readonly fingerprint: string;
  readonly datasetPath: string;
  readonly cases: number;
  readonly entries: readonly LeaderboardEntry[];
  /** Judges were run in different orders: their accuracies average over different trials. */
  readonly mixedOrders: boolean;
}

/**
 * Every judge in the store on one dataset, ranked by overall accuracy. A judge found in several
 * runs on that dataset counts once, from its most recently updated run. The dataset is the one of
 * `fingerprint`, or of the most recently updated run.
 */
export async function leaderboard(
  store: Store,
  options: { fingerprint?: string; parser?: ParserName; resamples?: number; seed?: number } = {},
): Promise<Leaderboard> {
  const runs = ((await store.listRuns()) as RunRecord<RunSettings, RunDataset>[]).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  const fingerprint = options.fingerprint ?? runs[0]?.dataset.fingerprint;
  const onDataset = runs.filter((r) => r.dataset.fingerprint === fingerprint);
  if (!fingerprint || onDataset.length === 0) {
    throw new Error(options.fingerprint ? `no run in the store used a dataset with fingerprint ${options.fingerprint}` : 'the store has no runs yet');
  }
  const placed = new Set<string>();
  const rows: Array<{ run: string; parser: ParserName; statistics: JudgeStatistics }> = [];
  for (const run of onDataset) {
    const fresh = run.settings.judges.map((j) => j.spec).filter((spec) => !placed.has(spec));
    if (fresh.length === 0) continue;
    const score = await scoreRun(store, run.id, options);
    for (const statistics of score.statistics) {
      if (!fresh.includes(statistics.judge)) continue;
      placed.add(statistics.judge);
      rows.push({ run: run.id, parser: score.parser, statistics });
    }
  }
  const accuracy = (row: (typeof rows)[number]) => row.statistics.dimensions.overall.accuracy.micro.value;
  rows.sort((a, b) => accuracy(b) - accuracy(a));
  return {
    fingerprint,
    datasetPath: onDataset[0]!.dataset.path,
    cases: onDataset[0]!.dataset.cases,
    entries: rows.map((row) => ({ rank: 1 + rows.filter((other) => accuracy(other) > accuracy(row)).length, ...row })),
    mixedOrders: new Set(rows.map((r) => r.statistics.orders.join('+'))).size > 1,
  };
}
