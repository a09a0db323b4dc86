import type { JudgmentRecord, Store } from './store.js';

export interface CopiedRun {
  readonly runId: string;
  readonly cases: number;
  readonly trials: number;
  readonly judgments: number;
}

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

/**
 * Copies runs, with their cases, trials and judgments, from one store to another (SQLite to
 * PostgreSQL or back): a user who started alone can share later. A run already in the target is
 * brought up to the source's state; answers already there are kept.
 */
export async function copyRuns(from: Store, to: Store, runIds?: readonly string[]): Promise<CopiedRun[]> {
  const runs = await from.listRuns();
  const wanted = runIds && runIds.length > 0 ? runIds : runs.map((r) => r.id);
  const missing = wanted.filter((id) => !runs.some((r) => r.id === id));
  if (missing.length > 0) throw new CopyError(`no run ${missing.join(', ')} in ${from.location} (\`mrb runs --store ${from.location}\` lists them)`);
  const copied: CopiedRun[] = [];
  for (const id of wanted) {
    const run = runs.find((r) => r.id === id)!;
    const cases = await from.runCases(id);
    const results = await from.runResults(id);
    await to.putRun(run);
    for (let i = 0; i < cases.length; i += 500) await to.putCases(id, cases.slice(i, i + 500), i);
    for (let i = 0; i < results.length; i += 1000) {
      await to.putTrials(id, results.slice(i, i + 1000).map(({ judgment: _j, ...trial }) => trial));
    }
    const judgments = new Map<string, JudgmentRecord>();
    for (const r of results) if (r.judgment) judgments.set(r.key, r.judgment);
    const all = [...judgments.values()];
    for (let i = 0; i < all.length; i += 500) await to.putJudgments(all.slice(i, i + 500));
    copied.push({ runId: id, cases: cases.length, trials: results.length, judgments: all.length });
  }
  return copied;
}
