import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Set once when the CLI starts. V8 learns where long-lived objects are allocated: when most objects
 * from one place survive (scoring reads every trial of a run and keeps them all), it allocates the
 * later ones from there straight in the old generation. The result files then read the same
 * trials a page at a time, and every page went to the old generation, with the strings it points
 * to, to wait for a full collection: 20 to 30 MB more per file at 20,000 cases, none of it live.
 */
export function disablePretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

let collect: (() => void) | undefined;

/**
 * A full collection where a stage of `mrb run` ends and its own data (the dataset's pages, the
 * run's queue, scoring's trial results) has just become garbage. Left to itself V8 collects it only
 * when the heap has grown to a multiple of what is live, and the next stage grows on top of it: the
 * stages' garbage added up to the peak of a large run. A collection takes some tens of ms.
 */
export function collectStageGarbage(): void {
  // `gc` is only given to contexts made after the flag is set.
  collect ??= (setFlagsFromString('--expose-gc'), runInNewContext('gc') as () => void);
  collect();
}
