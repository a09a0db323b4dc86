import type { RunDataset, RunSettings } from '../runner/run-settings.js';
import type { RunRecord, Store } from '../store/store.js';

/** A judge as stored in one run: what `mrb compare` and the leaderboard work on. */
export interface JudgeReference {
  readonly run: RunRecord<RunSettings, RunDataset>;
  readonly judge: string;
}

export class JudgeReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JudgeReferenceError';
  }
}

/**
 * Finds what `ref` names: `<run-id>:<judge>`, a run id with a single judge, or a judge spec (its
 * most recently updated run).
 */
export async function resolveJudgeReference(store: Store, ref: string): Promise<JudgeReference> {
  const runs = (await store.listRuns()) as RunRecord<RunSettings, RunDataset>[];
  const colon = ref.indexOf(':');
  const prefixed = colon > 0 ? runs.find((r) => r.id === ref.slice(0, colon)) : undefined;
  if (prefixed) {
    const judge = ref.slice(colon + 1);
    if (!prefixed.settings.judges.some((j) => j.spec === judge)) {
      throw new JudgeReferenceError(`run ${prefixed.id} has no judge ${judge}; it has ${prefixed.settings.judges.map((j) => j.spec).join(', ')}`);
    }
    return { run: prefixed, judge };
  }
  const run = runs.find((r) => r.id === ref);
  if (run) {
    const judges = run.settings.judges.map((j) => j.spec);
    if (judges.length !== 1) throw new JudgeReferenceError(`run ${ref} has ${judges.length} judges; name one as ${ref}:<judge> (${judges.join(', ')})`);
    return { run, judge: judges[0]! };
  }
  const latest = [...runs]
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
    .find((r) => r.settings.judges.some((j) => j.spec === ref));
  if (latest) return { run: latest, judge: ref };
  throw new JudgeReferenceError(`no run and no judge named ${ref} in the store (\`mrb runs\` lists them)`);
}
