import { BuildError } from './build-error.js';
import { runPool } from '../runner/pool.js';
import { closedAnswerCorrect } from './answer-match.js';
import type { BuildItem } from './build-item.js';
import { correctnessPrompt, parseCorrectness, solverPrompt } from './build-prompts.js';
import type { BuildStore, SolverAnswer } from './build-store.js';
import type { ModelClient } from './model-client.js';
import { progressCounter, type ProgressListener } from './step-progress.js';

export interface SelectOptions {
  readonly solvers: readonly ModelClient[];
  /** Decides open answers; required when any item is open. */
  readonly grader?: ModelClient;
  /** Keep items that at most this many solvers answer correctly. */
  readonly maxCorrect: number;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

export interface SelectionSettings {
  readonly solvers: readonly string[];
  readonly grader: string | null;
  readonly maxCorrect: number;
}

export interface OrganDifficulty {
  readonly organ: string;
  readonly items: number;
  readonly kept: number;
  /** solvedBy[n]: items exactly n solvers answered correctly. */
  readonly solvedBy: number[];
  /** Items some solver could not be asked (errors): run the step again. */
  readonly pending: number;
}

export interface SelectionReport {
  readonly settings: SelectionSettings;
  readonly kept: readonly string[];
  readonly byOrgan: readonly OrganDifficulty[];
  readonly failures: readonly string[];
}

const settingsKey = 'selection';

/** An answer that needs no more work: answered, and judged by the rule this item's kind needs. */
function settled(a: SolverAnswer | undefined, item: BuildItem, grader: string | undefined): boolean {
  if (!a || a.error !== null || a.answer === null || a.correct === null) return false;
  return item.answerKind === 'closed' ? a.gradedBy === 'match' : a.gradedBy === grader;
}

/**
 * Step 2: every solver answers every item, answers are checked against the reference (closed by
 * normalised match, open by the grader), and items at most `maxCorrect` solvers get right are
 * kept. Stored answers are reused, so a stopped run continues, and changing `maxCorrect` costs
 * no request at all.
 */
export async function selectItems(store: BuildStore, options: SelectOptions): Promise<SelectionReport> {
  if (options.solvers.length === 0) throw new BuildError('select needs at least one --solver');
  const items = await store.items();
  if (items.length === 0) throw new BuildError(`no items in ${store.location}; run mrb build import first`);
  if (!options.grader && items.some((i) => i.answerKind === 'open')) {
    throw new BuildError(`${items.filter((i) => i.answerKind === 'open').length} item(s) have open answers: pass --grader <model> to decide them`);
  }
  const stored = new Map((await store.solverAnswers()).map((a) => [`${a.itemId}\0${a.solver}`, a]));
  const tasks: Array<{ item: BuildItem; solver: ModelClient; previous: SolverAnswer | undefined }> = [];
  let reused = 0;
  for (const item of items) {
    for (const solver of options.solvers) {
      const previous = stored.get(`${item.itemId}\0${solver.name}`);
      if (settled(previous, item, options.grader?.name)) reused++;
      else tasks.push({ item, solver, previous });
    }
  }
  const progress = progressCounter('select', items.length * options.solvers.length, options.onProgress);
  progress.reused(reused);
  const failures: string[] = [];

  async function* queue() {
    yield* tasks;
  }
  await runPool(queue(), options.concurrency, async ({ item, solver, previous }) => {
    const record = (fields: Partial<SolverAnswer>) => store.putSolverAnswer({ itemId: item.itemId, solver: solver.name, answer: null, correct: null, gradedBy: null, error: null, ...fields });
    // A stored answer is reused even when its grading failed: only the failed part is asked again.
    let answer = previous?.answer ?? null;
    try {
      if (answer === null) {
        const image = (await store.itemImage(item.itemId))!;
        answer = await solver.ask(image, solverPrompt(item.question, item.answerKind), options.signal);
        // Kept at once: a stop while the grader works must not cost the solver's answer.
        await record({ answer });
      }
      if (item.answerKind === 'closed') {
        await record({ answer, correct: closedAnswerCorrect(answer, item.referenceAnswer), gradedBy: 'match' });
      } else {
        const reply = await options.grader!.ask(null, correctnessPrompt(item.question, item.referenceAnswer, answer), options.signal);
        const correct = parseCorrectness(reply);
        if (correct === undefined) throw new Error(`${options.grader!.name}: grader reply not understood: ${reply.slice(0, 80)}`);
        await record({ answer, correct, gradedBy: options.grader!.name });
      }
      progress.done();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = (error as Error).message;
      // A solver answer already received is kept; only the failed part is asked again next time.
      await record(answer === null ? { error: message } : { answer, error: message });
      failures.push(`${item.itemId}: ${message}`);
      progress.failed();
    }
  });

  const settings: SelectionSettings = { solvers: options.solvers.map((s) => s.name), grader: options.grader?.name ?? null, maxCorrect: options.maxCorrect };
  await store.setMeta(settingsKey, settings);
  return { ...(await selectionReport(store, settings)), failures };
}

/** The selection as the store holds it now: what is kept, and how hard each organ system's items were. */
export async function selectionReport(store: BuildStore, settings?: SelectionSettings): Promise<Omit<SelectionReport, 'failures'>> {
  const used = settings ?? (await store.getMeta<SelectionSettings>(settingsKey));
  if (!used) throw new BuildError('no selection yet: run mrb build select first');
  const items = await store.items();
  const answers = new Map((await store.solverAnswers()).map((a) => [`${a.itemId}\0${a.solver}`, a]));
  const byOrgan = new Map<string, { items: number; kept: number; solvedBy: number[]; pending: number }>();
  const kept: string[] = [];
  for (const item of items) {
    const organ = byOrgan.get(item.organ) ?? { items: 0, kept: 0, solvedBy: Array<number>(used.solvers.length + 1).fill(0), pending: 0 };
    byOrgan.set(item.organ, organ);
    organ.items++;
    const mine = used.solvers.map((s) => answers.get(`${item.itemId}\0${s}`));
    if (mine.some((a) => !settled(a, item, used.grader ?? undefined))) {
      organ.pending++;
      continue;
    }
    const correct = mine.filter((a) => a!.correct).length;
    organ.solvedBy[correct]!++;
    if (correct <= used.maxCorrect) {
      organ.kept++;
      kept.push(item.itemId);
    }
  }
  return {
    settings: used,
    kept,
    byOrgan: [...byOrgan.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([organ, o]) => ({ organ, ...o })),
  };
}
