import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { Order } from '../protocol/verdict.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RESAMPLES, DEFAULT_SEED, percentileInterval, resampleWeights, stratifiedResamples, type Estimate, type Resamples } from './bootstrap.js';
import { caseTable } from './case-table.js';
import { judgesToScore } from './score-run.js';
import { correctCounts, judgeMatrices, VERDICT, type JudgeMatrix } from './judge-matrix.js';
import type { JudgeReference } from './judge-reference.js';
import { exactMcNemar } from './mcnemar.js';

export interface DimensionComparison {
  readonly accuracyFirst: number;
  readonly accuracySecond: number;
  /** First minus second, with a paired bootstrap 95% interval (the same resampled cases for both). */
  readonly difference: Estimate;
  /** Exact McNemar test on the dataset-order verdicts: cases only one of the two got right. */
  readonly onlyFirstRight: readonly string[];
  readonly onlySecondRight: readonly string[];
  readonly mcnemarP: number;
}

export interface JudgeComparison {
  readonly first: { readonly run: string; readonly judge: string };
  readonly second: { readonly run: string; readonly judge: string };
  /** Cases both judged: same id, question, answers, image and labels, and an answer from both judges in every compared order. */
  readonly cases: number;
  /** Cases both runs hold but at least one judge has no answer for (a request error, a run cut short). */
  readonly unanswered: number;
  /** Orders both judged; accuracies average over them. */
  readonly orders: readonly Order[];
  readonly parser: ParserName;
  readonly resamples: number;
  readonly seed: number;
  readonly dimensions: Readonly<Record<Dimension, DimensionComparison>>;
}

const sameCase = (a: CaseRecord, b: CaseRecord) =>
  a.question === b.question &&
  a.answerA === b.answerA &&
  a.answerB === b.answerB &&
  a.imageSha256 === b.imageSha256 &&
  DIMENSIONS.every((d) => a.labels[d] === b.labels[d]);

/** Σ_i w_ri s_i / (n k) for every resample r: the bootstrap distribution of pooled accuracy. */
function pooledDistribution(resamples: Resamples, correct: Uint8Array, trials: number): Float64Array {
  const { n, count } = resamples;
  const out = new Float64Array(count);
  const weights = new Uint16Array(n);
  for (let r = 0; r < count; r++) {
    resampleWeights(resamples, r, weights);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i]! * correct[i]!;
    out[r] = sum / (n * trials);
  }
  return out;
}

const mean = (values: Uint8Array, trials: number) => values.reduce((a, b) => a + b, 0) / (values.length * trials);

/**
 * Two judges on the cases both judged, from the store alone: per dimension the accuracy
 * difference with a paired bootstrap interval, the exact McNemar test, and the cases that split them.
 */
export async function compareJudges(
  store: Store,
  first: JudgeReference,
  second: JudgeReference,
  options: { parser?: ParserName; resamples?: number; seed?: number } = {},
): Promise<JudgeComparison> {
  const parser = options.parser ?? first.run.settings.parser;
  const resampleCount = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const casesSecond = new Map((await store.runCases(second.run.id)).map((c) => [c.uid, c]));
  const shared = (await store.runCases(first.run.id)).filter((c) => {
    const other = casesSecond.get(c.uid);
    return other !== undefined && sameCase(c, other);
  });
  if (shared.length === 0) throw new Error(`${first.judge} (${first.run.id}) and ${second.judge} (${second.run.id}) judged no case in common`);
  const orders = first.run.settings.orders.filter((o) => second.run.settings.orders.includes(o));
  const [resultsFirst, resultsSecond] = [await store.runResults(first.run.id), await store.runResults(second.run.id)];
  const matricesOn = (cases: readonly CaseRecord[]) => {
    const t = caseTable(cases);
    const toScore = (ref: JudgeReference) => judgesToScore(ref.run.settings).filter((j) => j.judge === ref.judge);
    return { table: t, a: judgeMatrices(t, resultsFirst, toScore(first), orders, parser)[0]!, b: judgeMatrices(t, resultsSecond, toScore(second), orders, parser)[0]! };
  };
  // A trial without an answer says nothing about the judge: compare only cases both answered.
  const all = matricesOn(shared);
  const answered = (m: JudgeMatrix, i: number) => orders.every((o) => m.verdicts[o]!.overall[i]! !== VERDICT.error && m.verdicts[o]!.overall[i]! !== VERDICT.missing);
  const judged = shared.filter((_, i) => answered(all.a, i) && answered(all.b, i));
  if (judged.length === 0) throw new Error(`${first.judge} (${first.run.id}) and ${second.judge} (${second.run.id}) answered no case in common`);
  const { table, a, b } = judged.length === shared.length ? all : matricesOn(judged);
  const resamples = stratifiedResamples(table.groups.organ.of, resampleCount, seed);
  const k = orders.length;

  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d): [Dimension, DimensionComparison] => {
      const ca = correctCounts(a, table, d);
      const cb = correctCounts(b, table, d);
      const da = pooledDistribution(resamples, ca, k);
      const db = pooledDistribution(resamples, cb, k);
      const accuracyFirst = mean(ca, k);
      const accuracySecond = mean(cb, k);
      const onlyFirstRight: string[] = [];
      const onlySecondRight: string[] = [];
      const ab = { a: a.verdicts.AB?.[d], b: b.verdicts.AB?.[d] };
      if (ab.a && ab.b) {
        for (let i = 0; i < table.n; i++) {
          const aRight = ab.a[i] === table.labels[d][i];
          const bRight = ab.b[i] === table.labels[d][i];
          if (aRight && !bRight) onlyFirstRight.push(table.uids[i]!);
          if (bRight && !aRight) onlySecondRight.push(table.uids[i]!);
        }
      }
      return [
        d,
        {
          accuracyFirst,
          accuracySecond,
          difference: percentileInterval(accuracyFirst - accuracySecond, da.map((x, r) => x - db[r]!)),
          onlyFirstRight,
          onlySecondRight,
          mcnemarP: exactMcNemar(onlyFirstRight.length, onlySecondRight.length),
        },
      ];
    }),
  ) as Record<Dimension, DimensionComparison>;
  return {
    first: { run: first.run.id, judge: first.judge },
    second: { run: second.run.id, judge: second.judge },
    cases: table.n,
    unanswered: shared.length - judged.length,
    orders,
    parser,
    resamples: resampleCount,
    seed,
    dimensions,
  };
}
