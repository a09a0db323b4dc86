import type { CaseRecord } from '../dataset/case.js';
import type { JudgeStatistics } from '../metrics/judge-statistics.js';
import { resolveJudgeReference } from '../metrics/judge-reference.js';
import { scoreRun, type RunScore, type ScoreOptions } from '../metrics/score-run.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store } from '../store/store.js';
import { ReportInputError } from './report-input-error.js';

export interface ReportJudge {
  readonly run: string;
  readonly parser: ParserName;
  readonly statistics: JudgeStatistics;
}

export interface GroupCount {
  readonly name: string;
  readonly cases: number;
  /** Of these, cases whose experts preferred answer A overall. */
  readonly overallA: number;
}

/** What the judges were measured on: how the cases spread over organs and departments, and how the labels lean. */
export interface DatasetDescription {
  readonly path: string;
  readonly fingerprint: string;
  readonly cases: number;
  readonly byOrgan: readonly GroupCount[];
  readonly byDepartment: readonly GroupCount[];
  readonly byQuestionType: readonly GroupCount[];
  /** Per dimension, the share of cases whose experts preferred answer A. */
  readonly labelShareA: Readonly<Record<Dimension, number>>;
  /** Cases whose experts preferred the longer answer overall (unequal lengths only). */
  readonly overallPrefersLonger: number;
  readonly unequalLength: number;
}

/** Everything the HTML report shows; computed from the store, rendered without it. */
export interface ReportModel {
  readonly title: string;
  readonly generatedAt: string;
  readonly runs: ReadonlyArray<RunRecord<RunSettings, RunDataset>>;
  readonly dataset: DatasetDescription;
  readonly judges: readonly ReportJudge[];
  readonly resamples: number;
  readonly seed: number;
}

function counts(cases: readonly CaseRecord[], key: (c: CaseRecord) => string | undefined): GroupCount[] {
  const tally = new Map<string, { cases: number; overallA: number }>();
  for (const c of cases) {
    const k = key(c);
    if (k === undefined) continue;
    const t = tally.get(k) ?? tally.set(k, { cases: 0, overallA: 0 }).get(k)!;
    t.cases++;
    if (c.labels.overall === 'A') t.overallA++;
  }
  return [...tally].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name));
}

const length = (text: string) => [...text].length;

export function describeDataset(run: RunRecord<RunSettings, RunDataset>, cases: readonly CaseRecord[]): DatasetDescription {
  let unequal = 0;
  let longer = 0;
  for (const c of cases) {
    const a = length(c.answerA);
    const b = length(c.answerB);
    if (a === b) continue;
    unequal++;
    if ((a > b) === (c.labels.overall === 'A')) longer++;
  }
  return {
    path: run.dataset.path,
    fingerprint: run.dataset.fingerprint,
    cases: cases.length,
    byOrgan: counts(cases, (c) => c.organ),
    byDepartment: counts(cases, (c) => c.department),
    byQuestionType: counts(cases, (c) => c.questionType),
    labelShareA: Object.fromEntries(DIMENSIONS.map((d) => [d, cases.length === 0 ? 0 : cases.filter((c) => c.labels[d] === 'A').length / cases.length])) as Record<Dimension, number>,
    overallPrefersLonger: longer,
    unequalLength: unequal,
  };
}

/** The report of one scored run: all its judges. */
export function reportOfRun(score: RunScore): ReportModel {
  return {
    title: `Med-RewardBench report: ${score.run.id}`,
    generatedAt: new Date().toISOString(),
    runs: [score.run],
    dataset: describeDataset(score.run, score.cases),
    judges: score.statistics.map((statistics) => ({ run: score.run.id, parser: score.parser, statistics })),
    resamples: score.resamples,
    seed: score.seed,
  };
}

/**
 * A report of judges picked across runs (`<run-id>:<judge>`, a run id, or a judge spec). They must
 * have judged the same dataset: accuracies over different cases do not belong in one table.
 */
export async function reportOfJudges(store: Store, refs: readonly string[], options: ScoreOptions = {}): Promise<ReportModel> {
  if (refs.length === 0) throw new ReportInputError('name at least one judge');
  const resolved = await Promise.all(refs.map((ref) => resolveJudgeReference(store, ref)));
  const fingerprints = new Set(resolved.map((r) => r.run.dataset.fingerprint));
  if (fingerprints.size > 1) {
    throw new ReportInputError(
      `these judges were run on different datasets: ${resolved.map((r) => `${r.judge} (${r.run.id}, dataset ${r.run.dataset.fingerprint})`).join(', ')}`,
    );
  }
  const scores = new Map<string, RunScore>();
  for (const { run } of resolved) if (!scores.has(run.id)) scores.set(run.id, await scoreRun(store, run.id, options));
  const judges: ReportJudge[] = [];
  const seen = new Set<string>();
  for (const { run, judge } of resolved) {
    if (seen.has(`${run.id}\n${judge}`)) continue;
    seen.add(`${run.id}\n${judge}`);
    const score = scores.get(run.id)!;
    judges.push({ run: run.id, parser: score.parser, statistics: score.statistics.find((s) => s.judge === judge)! });
  }
  const first = scores.get(resolved[0]!.run.id)!;
  return {
    title: `Med-RewardBench report: ${judges.length} judge${judges.length === 1 ? '' : 's'}`,
    generatedAt: new Date().toISOString(),
    runs: [...scores.values()].map((s) => s.run),
    dataset: describeDataset(first.run, first.cases),
    judges,
    resamples: first.resamples,
    seed: first.seed,
  };
}
