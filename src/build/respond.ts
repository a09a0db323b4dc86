import { runPool } from '../runner/pool.js';
import { BuildError } from './build-error.js';
import { responsePrompt } from './build-prompts.js';
import type { BuildStore } from './build-store.js';
import type { ModelClient } from './model-client.js';
import { selectionReport } from './select-items.js';
import { progressCounter, type ProgressListener } from './step-progress.js';

export interface RespondOptions {
  readonly models: readonly ModelClient[];
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

export interface RespondReport {
  readonly items: number;
  readonly answered: number;
  readonly reused: number;
  readonly failures: readonly string[];
}

/**
 * Step 3: every model of the response pool answers every kept item. Each answer is stored with the
 * model's name and settings the moment it arrives; answers already stored are never asked again.
 */
export async function respond(store: BuildStore, options: RespondOptions): Promise<RespondReport> {
  if (options.models.length < 2) throw new BuildError('respond needs at least two --model: pairs compare answers of different models');
  const { kept } = await selectionReport(store);
  if (kept.length === 0) throw new BuildError('no item was kept by the selection: nothing to answer (raise --max-correct?)');
  const items = new Map((await store.items()).map((i) => [i.itemId, i]));
  const done = new Set((await store.responses()).filter((r) => r.error === null && r.answer !== null).map((r) => `${r.itemId}\0${r.model}`));
  const tasks = kept.flatMap((itemId) => options.models.map((model) => ({ itemId, model }))).filter((t) => !done.has(`${t.itemId}\0${t.model.name}`));
  const progress = progressCounter('respond', kept.length * options.models.length, options.onProgress);
  const reused = kept.length * options.models.length - tasks.length;
  progress.reused(reused);
  const failures: string[] = [];
  let answered = 0;
  async function* queue() {
    yield* tasks;
  }
  await runPool(queue(), options.concurrency, async ({ itemId, model }) => {
    const item = items.get(itemId)!;
    try {
      const answer = await model.ask((await store.itemImage(itemId))!, responsePrompt(item.question), options.signal);
      if (answer.trim() === '') throw new Error(`${model.name}: empty answer`);
      await store.putResponse({ itemId, model: model.name, settings: model.settings, answer, error: null });
      answered++;
      progress.done();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = (error as Error).message;
      await store.putResponse({ itemId, model: model.name, settings: model.settings, answer: null, error: message });
      failures.push(`${itemId}: ${message}`);
      progress.failed();
    }
  });
  return { items: kept.length, answered, reused, failures };
}
