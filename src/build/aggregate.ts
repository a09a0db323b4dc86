import { DIMENSIONS, type Dimension, type Label } from '../protocol/dimensions.js';
import { agreement, type AgreementFigures } from './agreement.js';
import { AnnotationStore, type AnnotationChoice } from './annotation-store.js';
import type { BuildStore, Pair } from './build-store.js';

/** How one dimension of one pair stands: decided by majority or adjudicator, or still open. */
export type DimensionStatus =
  | { readonly status: 'majority'; readonly choice: AnnotationChoice; readonly votes: readonly AnnotationChoice[] }
  | { readonly status: 'adjudicated'; readonly choice: AnnotationChoice; readonly votes: readonly AnnotationChoice[] }
  | { readonly status: 'split'; readonly votes: readonly AnnotationChoice[] }
  | { readonly status: 'incomplete'; readonly votes: readonly AnnotationChoice[] };

export interface PairOutcome {
  readonly pair: Pair;
  readonly assigned: number;
  readonly dimensions: Readonly<Record<Dimension, DimensionStatus>>;
  /** Every dimension decided for A or B: the pair can enter the benchmark. */
  readonly labels: Readonly<Record<Dimension, Label>> | null;
  /** Some dimension is split, or decided as a tie: an adjudicator should look. */
  readonly needsAdjudication: boolean;
}

export interface Aggregate {
  readonly pairs: readonly PairOutcome[];
  readonly agreement: Readonly<Record<Dimension, AgreementFigures>>;
  readonly counts: { readonly pairs: number; readonly labelled: number; readonly queue: number; readonly incomplete: number; readonly ties: number };
}

/**
 * The majority of the annotators assigned to the pair (more than half of them; two of three).
 * A vote still missing could change nothing once a majority stands, so it need not be waited for.
 */
export function majority(votes: readonly AnnotationChoice[], assigned: number): DimensionStatus {
  const needed = Math.floor(Math.max(assigned, votes.length) / 2) + 1;
  for (const choice of ['A', 'B', 'tie'] as const) {
    if (votes.filter((v) => v === choice).length >= needed) return { status: 'majority', choice, votes };
  }
  return votes.length >= Math.max(assigned, 1) ? { status: 'split', votes } : { status: 'incomplete', votes };
}

/** Step 6: majority vote per dimension, agreement per dimension, and the queue for the adjudicator. */
export async function aggregate(store: BuildStore): Promise<Aggregate> {
  const annotations = new AnnotationStore(store.db);
  const pairs = await store.pairs();
  const votes = new Map<string, AnnotationChoice[]>();
  for (const a of await annotations.annotations()) {
    const key = `${a.pairId}\0${a.dimension}`;
    (votes.get(key) ?? votes.set(key, []).get(key)!).push(a.choice);
  }
  const assigned = new Map<string, number>();
  for (const a of await annotations.assignments()) assigned.set(a.pairId, (assigned.get(a.pairId) ?? 0) + 1);
  const settled = new Map((await annotations.adjudications()).map((a) => [`${a.pairId}\0${a.dimension}`, a.choice]));

  const outcomes: PairOutcome[] = pairs.map((pair) => {
    const n = assigned.get(pair.pairId) ?? 0;
    const dimensions = Object.fromEntries(
      DIMENSIONS.map((d) => {
        const key = `${pair.pairId}\0${d}`;
        const v = votes.get(key) ?? [];
        const adjudicated = settled.get(key);
        return [d, adjudicated ? { status: 'adjudicated', choice: adjudicated, votes: v } : majority(v, n)];
      }),
    ) as Record<Dimension, DimensionStatus>;
    const decided = DIMENSIONS.map((d) => dimensions[d]).map((s) => ('choice' in s ? s.choice : undefined));
    const labels = decided.every((c) => c === 'A' || c === 'B') ? (Object.fromEntries(DIMENSIONS.map((d, i) => [d, decided[i]])) as Record<Dimension, Label>) : null;
    const needsAdjudication = DIMENSIONS.some((d) => dimensions[d].status === 'split' || (dimensions[d].status === 'majority' && (dimensions[d] as { choice: string }).choice === 'tie'));
    return { pair, assigned: n, dimensions, labels, needsAdjudication };
  });

  const figures = Object.fromEntries(DIMENSIONS.map((d) => [d, agreement(pairs.map((p) => votes.get(`${p.pairId}\0${d}`) ?? []))])) as Record<Dimension, AgreementFigures>;
  return {
    pairs: outcomes,
    agreement: figures,
    counts: {
      pairs: outcomes.length,
      labelled: outcomes.filter((o) => o.labels).length,
      queue: outcomes.filter((o) => o.needsAdjudication).length,
      incomplete: outcomes.filter((o) => DIMENSIONS.some((d) => o.dimensions[d].status === 'incomplete')).length,
      ties: outcomes.filter((o) => !o.labels && DIMENSIONS.some((d) => 'choice' in o.dimensions[d] && (o.dimensions[d] as { choice: string }).choice === 'tie')).length,
    },
  };
}
