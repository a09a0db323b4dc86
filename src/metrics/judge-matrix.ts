import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { JudgeMode } from '../protocol/judge-mode.js';
import type { ParserName } from '../protocol/verdict-parser.js';
import type { Order } from '../protocol/verdict.js';
import type { TrialResult } from '../store/store.js';
import type { CaseTable } from './case-table.js';
import { trialVerdict } from './outcome.js';

/** A verdict on one dimension as a code: the answer chosen (in dataset labels) or what went wrong. */
export const VERDICT = { A: 0, B: 1, tie: 2, parseFailure: 3, error: 4, missing: 5 } as const;

/**
 * One judge's trials as arrays over the cases of a table: verdict codes per order and dimension
 * (first sample), and the counts and costs of all its trials. Scoring works on these alone, so no
 * per-trial object outlives parsing.
 */
/** What one judge's trials amounted to, whatever they said. */
export interface TrialCounts {
  readonly trials: number;
  readonly answered: number;
  /** Trials whose request failed after every retry. */
  readonly requestErrors: number;
  /** Answered trials in which at least one dimension could not be parsed. */
  readonly parseFailures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Requests sent beyond the first of each trial: retries after rate limits, errors and timeouts. */
  readonly retries: number;
}

export interface JudgeMatrix extends TrialCounts {
  readonly judge: string;
  readonly mode: JudgeMode;
  readonly orders: readonly Order[];
  readonly verdicts: Readonly<Partial<Record<Order, Readonly<Record<Dimension, Int8Array>>>>>;
  /** Of answered trials. */
  readonly latenciesMs: Float64Array;
}

function emptyCodes(n: number): Record<Dimension, Int8Array> {
  return Object.fromEntries(DIMENSIONS.map((d) => [d, new Int8Array(n).fill(VERDICT.missing)])) as Record<Dimension, Int8Array>;
}

/** A judge to score: its name, how its output is read, and how many samples it took per case and order. */
export interface JudgeToScore {
  readonly judge: string;
  readonly mode: JudgeMode;
  readonly samples: number;
}

/**
 * Parses every stored trial of the given judges once, straight into their matrices. A judge with
 * several samples gets, per case, order and dimension, the majority of its samples' choices.
 */
export function judgeMatrices(
  table: CaseTable,
  results: Iterable<TrialResult>,
  judges: readonly JudgeToScore[],
  orders: readonly Order[],
  parser: ParserName,
): JudgeMatrix[] {
  const built = judges.map(({ judge, mode, samples }) => ({
    judge,
    mode,
    samples,
    votes: samples > 1 ? new SampleVotes(orders, table.n) : undefined,
    // Trials that sent the same request (both orders of a pointwise or reward judge) share one paid
    // judgment. A pairwise judge's trials never do, so it needs no set of every key.
    paidKeys: mode === 'pairwise' ? undefined : new Set<string>(),
    orders,
    verdicts: Object.fromEntries(orders.map((o) => [o, emptyCodes(table.n)])) as Partial<Record<Order, Record<Dimension, Int8Array>>>,
    trials: 0,
    answered: 0,
    requestErrors: 0,
    parseFailures: 0,
    inputTokens: 0,
    outputTokens: 0,
    retries: 0,
    latencies: [] as number[],
  }));
  const byJudge = new Map(built.map((b) => [b.judge, b]));
  for (const result of results) {
    const m = byJudge.get(result.judge);
    const i = table.index.get(result.caseUid);
    if (!m || i === undefined) continue;
    m.trials++;
    const judgment = result.judgment;
    if (judgment && !m.paidKeys?.has(judgment.key)) {
      m.paidKeys?.add(judgment.key);
      m.inputTokens += judgment.inputTokens ?? 0;
      m.outputTokens += judgment.outputTokens ?? 0;
      m.retries += Math.max(0, judgment.attempts - 1);
    }
    const parsed = trialVerdict(result, parser, m.mode);
    if (!parsed) {
      if (judgment?.error) m.requestErrors++;
    } else {
      m.answered++;
      m.latencies.push(judgment!.latencyMs);
    }
    let failed = false;
    const codes = m.votes || result.sample !== 0 ? undefined : m.verdicts[result.order];
    for (const d of DIMENSIONS) {
      const v = parsed?.verdict[d];
      const code = !v
        ? judgment?.error ? VERDICT.error : VERDICT.missing
        : !('choice' in v) ? VERDICT.parseFailure
        : v.choice === 'tie' ? VERDICT.tie
        : v.choice === 'A' ? VERDICT.A
        : VERDICT.B;
      if (code === VERDICT.parseFailure) failed = true;
      if (codes) codes[d][i] = code;
      else if (m.votes && result.sample < m.samples) m.votes.add(result.order, d, i, code);
    }
    if (failed) m.parseFailures++;
  }
  for (const m of built) m.votes?.decide(m.verdicts as Record<Order, Record<Dimension, Int8Array>>);
  return built.map(({ latencies, votes: _votes, paidKeys: _paid, samples: _samples, ...m }) => ({ ...m, latenciesMs: Float64Array.from(latencies) }));
}

/**
 * Votes of several samples per case, order and dimension. The majority choice wins; equal votes
 * for A and B (or most votes for tie) make a tie. Samples without a choice do not vote; a case
 * none of whose samples chose keeps the most telling failure (parse failure before error).
 */
class SampleVotes {
  // Per order and dimension: for each case, votes for A, B and tie, and the best failure code.
  private readonly counts = new Map<string, Uint16Array>();

  constructor(orders: readonly Order[], private readonly n: number) {
    for (const o of orders) for (const d of DIMENSIONS) this.counts.set(`${o}/${d}`, new Uint16Array(n * 4).fill(0));
  }

  add(order: Order, d: Dimension, i: number, code: number): void {
    const c = this.counts.get(`${order}/${d}`);
    if (!c) return;
    if (code <= VERDICT.tie) c[i * 4 + code]!++;
    else {
      // Remember the most telling failure: a parse failure says more than an error, an error more than nothing.
      const rank = (x: number) => (x === VERDICT.parseFailure ? 3 : x === VERDICT.error ? 2 : x === VERDICT.missing ? 1 : 0);
      const stored = c[i * 4 + 3]!;
      if (rank(code) > rank(stored === 0 ? VERDICT.missing : stored)) c[i * 4 + 3] = code;
    }
  }

  decide(verdicts: Record<Order, Record<Dimension, Int8Array>>): void {
    for (const [key, c] of this.counts) {
      const [order, d] = key.split('/') as [Order, Dimension];
      const out = verdicts[order][d];
      for (let i = 0; i < this.n; i++) {
        const a = c[i * 4]!;
        const b = c[i * 4 + 1]!;
        const t = c[i * 4 + 2]!;
        if (a + b + t === 0) out[i] = c[i * 4 + 3]! || VERDICT.missing;
        else out[i] = a > b && a > t ? VERDICT.A : b > a && b > t ? VERDICT.B : VERDICT.tie;
      }
    }
  }
}

/**
 * One set of matrices from several, each parsed from the trials of its own cases (the two threads
 * of a large run's scoring): no case is in two of them, so each case takes the one verdict it has.
 */
export function mergeMatrices(parts: readonly (readonly JudgeMatrix[])[]): JudgeMatrix[] {
  const [first, ...rest] = parts;
  return first!.map((matrix, j) => {
    const others = rest.map((part) => part[j]!);
    const verdicts = Object.fromEntries(
      matrix.orders.map((order) => [
        order,
        Object.fromEntries(
          DIMENSIONS.map((d) => {
            const codes = Int8Array.from(matrix.verdicts[order]![d]);
            for (const other of others) {
              const theirs = other.verdicts[order]![d];
              for (let i = 0; i < codes.length; i++) if (theirs[i] !== VERDICT.missing) codes[i] = theirs[i]!;
            }
            return [d, codes];
          }),
        ),
      ]),
    ) as JudgeMatrix['verdicts'];
    const total = (count: keyof TrialCounts) => others.reduce((sum, other) => sum + other[count], matrix[count]);
    return {
      ...matrix,
      verdicts,
      trials: total('trials'),
      answered: total('answered'),
      requestErrors: total('requestErrors'),
      parseFailures: total('parseFailures'),
      inputTokens: total('inputTokens'),
      outputTokens: total('outputTokens'),
      retries: total('retries'),
      latenciesMs: concatenated([matrix.latenciesMs, ...others.map((other) => other.latenciesMs)]),
    };
  });
}

function concatenated(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Per case, how many of the judged orders got the expert label right (0..orders). */
export function correctCounts(matrix: JudgeMatrix, table: CaseTable, d: Dimension): Uint8Array {
  const counts = new Uint8Array(table.n);
  const labels = table.labels[d];
  for (const order of matrix.orders) {
    const v = matrix.verdicts[order]![d];
    for (let i = 0; i < table.n; i++) if (v[i] === labels[i]) counts[i]!++;
  }
  return counts;
}
