import { createHash } from 'node:crypto';
import { seededRandom } from '../metrics/seeded-random.js';
import { runPool } from '../runner/pool.js';
import { BuildError } from './build-error.js';
import { parseQuality, qualityPrompt } from './build-prompts.js';
import type { BuildStore, Pair } from './build-store.js';
import type { ModelClient } from './model-client.js';
import { selectionReport } from './select-items.js';
import { progressCounter, type ProgressListener } from './step-progress.js';

export const PAIR_STRATEGIES = ['random', 'max-gap', 'all'] as const;
export type PairStrategy = (typeof PAIR_STRATEGIES)[number];

export interface PairOptions {
  readonly strategy: PairStrategy;
  readonly seed: number;
  /** `random`: pairs per item (distinct model pairs). */
  readonly pairsPerItem: number;
  /** `max-gap`: rates every answer; the pair with the widest gap is chosen. */
  readonly grader?: ModelClient;
  readonly concurrency: number;
  readonly replace?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

export interface PairReport {
  readonly pairs: number;
  readonly items: number;
  /** Per model: how often it sits in slot A and in slot B. */
  readonly slots: Readonly<Record<string, { a: number; b: number }>>;
  readonly failures: readonly string[];
}

/** A seed of its own per item, so one item's pairs do not change when another item is added. */
function itemRandom(seed: number, itemId: string): () => number {
  return seededRandom(createHash('sha256').update(`${seed}\0${itemId}`).digest().readUInt32LE(0));
}

function unorderedPairs<T>(xs: readonly T[]): Array<[T, T]> {
  const out: Array<[T, T]> = [];
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) out.push([xs[i]!, xs[j]!]);
  return out;
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Which model sits in slot A: the one that has sat there less often so far (a coin when even),
 * so that no model is systematically first and position cannot stand in for quality.
 */
export function balanceSlots(pairs: ReadonlyArray<readonly [string, string]>, seed: number): Array<[string, string]> {
  const random = seededRandom(seed);
  const lead = new Map<string, number>();
  return pairs.map(([x, y]) => {
    const dx = lead.get(x) ?? 0;
    const dy = lead.get(y) ?? 0;
    const xFirst = dx < dy || (dx === dy && random() < 0.5);
    const [a, b] = xFirst ? [x, y] : [y, x];
    lead.set(a, (lead.get(a) ?? 0) + 1);
    lead.set(b, (lead.get(b) ?? 0) - 1);
    return [a, b];
  });
}

/**
 * Step 4: pairs of answers for each kept item, from models that both answered it. `random` draws
 * distinct model pairs, `max-gap` takes the pair a grader rates furthest apart (the clearest
 * preference), `all` takes every pair. Seeded: the same seed gives the same pairs.
 */
export async function pairResponses(store: BuildStore, options: PairOptions): Promise<PairReport> {
  if ((await store.annotationCount()) > 0 && (await store.pairs()).length > 0) {
    throw new BuildError('the pairs already carry annotations; re-pairing would orphan them (use a new store for a new pairing)');
  }
  if ((await store.pairs()).length > 0 && !options.replace) {
    throw new BuildError('pairs exist already; pass --replace to draw them again');
  }
  if (options.strategy === 'max-gap' && !options.grader) throw new BuildError('--strategy max-gap needs --grader <model> to rate the answers');
  const { kept } = await selectionReport(store);
  const items = new Map((await store.items()).map((i) => [i.itemId, i]));
  const answers = new Map<string, Map<string, string>>();
  for (const r of await store.responses()) {
    if (r.answer === null || r.error !== null || !kept.includes(r.itemId)) continue;
    (answers.get(r.itemId) ?? answers.set(r.itemId, new Map()).get(r.itemId)!).set(r.model, r.answer);
  }
  const usable = kept.filter((id) => (answers.get(id)?.size ?? 0) >= 2);
  if (usable.length === 0) throw new BuildError('no kept item has answers from two models: run mrb build respond first');

  const failures: string[] = [];
  const scores = new Map<string, number>();
  if (options.strategy === 'max-gap') {
    const grader = options.grader!;
    const stored = new Map((await store.qualityScores()).filter((q) => q.grader === grader.name && q.score !== null).map((q) => [`${q.itemId}\0${q.model}`, q.score!]));
    const tasks = usable.flatMap((itemId) => [...answers.get(itemId)!.keys()].map((model) => ({ itemId, model })));
    const progress = progressCounter('rate answers', tasks.length, options.onProgress);
    async function* queue() {
      yield* tasks;
    }
    await runPool(queue(), options.concurrency, async ({ itemId, model }) => {
      const key = `${itemId}\0${model}`;
      if (stored.has(key)) {
        scores.set(key, stored.get(key)!);
        return progress.reused();
      }
      const item = items.get(itemId)!;
      try {
        const reply = await grader.ask((await store.itemImage(itemId))!, qualityPrompt(item.question, item.referenceAnswer, answers.get(itemId)!.get(model)!), options.signal);
        const score = parseQuality(reply);
        if (score === undefined) throw new Error(`${grader.name}: rating not understood: ${reply.slice(0, 80)}`);
        await store.putQualityScore({ itemId, model, grader: grader.name, score, error: null });
        scores.set(key, score);
        progress.done();
      } catch (error) {
        if (options.signal?.aborted) throw error;
        await store.putQualityScore({ itemId, model, grader: grader.name, score: null, error: (error as Error).message });
        failures.push(`${itemId} ${model}: ${(error as Error).message}`);
        progress.failed();
      }
    });
    if (failures.length > 0) throw new BuildError(`${failures.length} answer(s) could not be rated (run the step again to retry them):\n${failures.join('\n')}`);
  }

  const chosen: Array<{ itemId: string; models: [string, string] }> = [];
  for (const itemId of usable) {
    const random = itemRandom(options.seed, itemId);
    const models = [...answers.get(itemId)!.keys()].sort();
    const all = unorderedPairs(models);
    let picked: Array<[string, string]>;
    if (options.strategy === 'all') picked = all;
    else if (options.strategy === 'random') picked = shuffle([...all], random).slice(0, options.pairsPerItem);
    else {
      const gap = ([x, y]: [string, string]) => Math.abs(scores.get(`${itemId}\0${x}`)! - scores.get(`${itemId}\0${y}`)!);
      const widest = Math.max(...all.map(gap));
      const best = all.filter((p) => gap(p) === widest);
      picked = [best[Math.floor(random() * best.length)]!];
    }
    for (const models of picked) chosen.push({ itemId, models });
  }
  const slotted = balanceSlots(chosen.map((c) => c.models), options.seed);
  const perItem = new Map<string, number>();
  const pairs: Pair[] = chosen.map((c, i) => {
    const n = (perItem.get(c.itemId) ?? 0) + 1;
    perItem.set(c.itemId, n);
    const [modelA, modelB] = slotted[i]!;
    return { pairId: `${c.itemId}--${n}`, itemId: c.itemId, position: i, modelA, modelB, strategy: options.strategy };
  });
  await store.replacePairs(pairs);
  await store.setMeta('pairing', { strategy: options.strategy, seed: options.seed, pairsPerItem: options.pairsPerItem, grader: options.grader?.name ?? null });
  const slots: Record<string, { a: number; b: number }> = {};
  for (const p of pairs) {
    (slots[p.modelA] ??= { a: 0, b: 0 }).a++;
    (slots[p.modelB] ??= { a: 0, b: 0 }).b++;
  }
  return { pairs: pairs.length, items: usable.length, slots, failures };
}
