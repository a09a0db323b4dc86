import { HubCache } from '../hub/hub-cache.js';
import { findDataRoot } from '../hub/download-dataset.js';
import { hubSettings, type RepoType } from '../hub/hub-settings.js';

/** Datasets `--data` knows by name, and where on the Hub they come from. */
export const REGISTERED_DATASETS: Readonly<Record<string, { readonly repo: string; readonly type: RepoType; readonly revision: string }>> = {
  'med-rewardbench': { repo: 'Nandzy/Med-RewardBench', type: 'dataset', revision: 'main' },
};

/** The cached copy of a registered dataset, or why there is none and how to get it. */
export function registeredDatasetPath(name: string): { path: string } | { problem: string } | undefined {
  const entry = REGISTERED_DATASETS[name];
  if (!entry) return undefined;
  const settings = hubSettings();
  const cache = new HubCache(settings.cacheDir, entry.repo, entry.type);
  const commit = cache.commitOf(entry.revision);
  const root = commit ? findDataRoot(cache.snapshotDir(commit)) : undefined;
  if (!root) return { problem: `${name} is not downloaded yet (looked in ${settings.cacheDir}); run \`mrb data download\` first` };
  return { path: root };
}
