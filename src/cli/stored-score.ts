import type { ParserName } from '../protocol/verdict-parser.js';
import { scoreRun, type RunScore } from '../metrics/score-run.js';
import { openStore } from '../store/open-store.js';
import { flag, integer, positiveInt } from './options.js';
import { collectStageGarbage } from './stage-memory.js';

/** The flags of every command that scores a stored run. */
export interface ScoreFlags {
  readonly run: string;
  readonly parser?: ParserName;
  readonly seed: string;
  readonly resamples: string;
  /** Only commands that write summary.json offer it. */
  readonly groupIntervals?: boolean;
  readonly store: string;
}

/** Scores a stored run as the flags ask (no request is sent) and hands the score on; the store is closed after. */
export async function withStoredScore<T>(raw: ScoreFlags, use: (score: RunScore) => T | Promise<T>): Promise<T> {
  const store = await openStore(raw.store, { mustExist: true });
  try {
    const score = await scoreRun(store, raw.run, {
      ...(raw.parser ? { parser: raw.parser } : {}),
      seed: flag('--seed', integer, raw.seed),
      resamples: flag('--resamples', positiveInt, raw.resamples),
      groupIntervals: raw.groupIntervals ?? false,
    });
    // Scoring's own garbage (every trial read back) would otherwise sit under the files written next.
    collectStageGarbage();
    return await use(score);
  } finally {
    await store.close();
  }
}
