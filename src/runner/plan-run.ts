import { existsSync } from 'node:fs';
import type { Case } from '../dataset/case.js';
import { readDataset } from '../dataset/read-dataset.js';
import { tokenCost } from '../judges/token-cost.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { RunOptions } from './run-benchmark.js';
import { prepareRun } from './prepare-run.js';
import { outputTokenEstimate, promptTokenEstimate } from './trial-estimate.js';

/** What one judge of a run would still send, and what it may cost. */
export interface JudgePlan {
  readonly judge: string;
  readonly trials: number;
  /** Trials whose answer is already in the store (or shared with another trial): never sent. */
  readonly reused: number;
  readonly requests: number;
  readonly inputTokens: number;
  /** Typical output: a JSON verdict with a short reason per request. */
  readonly outputTokens: number;
  /** Output if every request used all of max tokens: the worst case. */
  readonly maxOutputTokens: number;
  /** Dollars; null without a price. */
  readonly cost: number | null;
  readonly maxCost: number | null;
}

export interface RunPlan {
  readonly runId: string;
  readonly cases: number;
  readonly judges: readonly JudgePlan[];
}

/** `mrb plan` / `--dry-run`: counts requests and estimates tokens and cost; sends nothing, writes nothing. */
export async function planRun(options: RunOptions): Promise<RunPlan> {
  // Nothing is sent: planning needs no API keys.
  const { source, judges, check, settings, runId } = await prepareRun(options, { offline: true });
  const store = existsSync(options.store) ? await openStore(options.store, { mustExist: true }) : undefined;
  try {
    const plans = judges.map((judge) => ({ judge, trials: 0, reused: 0, requests: 0, inputTokens: 0, outputTokens: 0, maxOutputTokens: 0 }));
    const seen = new Set<string>();
    let batch: Case[] = [];
    const flush = async () => {
      const prepared = batch.flatMap((c) =>
        plans.flatMap((plan) => options.orders.flatMap((order) => Array.from({ length: plan.judge.samples }, (_, sample) => ({ plan, trial: plan.judge.prepare({ case: c, order, sample }) })))),
      );
      batch = [];
      const answered = await answeredIn(store, prepared.map((p) => p.trial.key));
      for (const { plan, trial } of prepared) {
        plan.trials++;
        if (answered.has(trial.key) || seen.has(trial.key)) {
          plan.reused++;
          continue;
        }
        seen.add(trial.key);
        const requests = trial.size?.requests ?? 0;
        plan.requests += requests;
        plan.inputTokens += promptTokenEstimate(trial);
        plan.outputTokens += outputTokenEstimate(plan.judge, trial);
        plan.maxOutputTokens += requests * Number(plan.judge.settings.maxTokens ?? 0);
      }
    };
    for await (const item of readDataset(source, options.organs ? { organs: options.organs } : {})) {
      if (item.kind !== 'case' || check.invalidCases.has(item.case.uid)) continue;
      batch.push(item.case);
      if (batch.length >= 64) await flush();
    }
    await flush();
    return {
      runId,
      cases: check.cases,
      judges: plans.map(({ judge, ...p }) => {
        const price = settings.prices?.[judge.spec];
        return {
          judge: judge.spec,
          ...p,
          cost: price ? tokenCost(price, p.inputTokens, p.outputTokens) : null,
          maxCost: price ? tokenCost(price, p.inputTokens, p.maxOutputTokens) : null,
        };
      }),
    };
  } finally {
    await store?.close();
  }
}

async function answeredIn(store: Store | undefined, keys: readonly string[]): Promise<Set<string>> {
  return store ? store.answeredKeys(keys) : new Set();
}
