import type { ParserName } from '../protocol/verdict-parser.js';
import type { Order } from '../protocol/verdict.js';
import { trialKey } from '../judges/trial-key.js';
import type { JudgeConfig, TokenPrice } from '../judges/judge-config.js';
import type { DatasetStamp } from '../dataset/dataset-stamp.js';
import type { Dimension } from '../protocol/dimensions.js';

/** What a run is: stored with it, and (all but the parser) what makes its id. */
export interface RunSettings {
  readonly judges: ReadonlyArray<{ readonly spec: string; readonly settings: Readonly<Record<string, unknown>>; readonly config?: JudgeConfig }>;
  readonly orders: readonly Order[];
  /** The most samples any judge takes. */
  readonly samples: number;
  readonly parser: ParserName;
  /** Dollars per million tokens by judge: how cost is reported; changing them does not change the run. */
  readonly prices?: Readonly<Record<string, TokenPrice>>;
}

/** What a run was judged on. */
export interface RunDataset {
  readonly path: string;
  readonly organs: readonly string[] | null;
  readonly fingerprint: string;
  readonly cases: number;
  readonly casesByOrgan: Readonly<Record<string, number>>;
  /** Cases left out by `--skip-invalid`, with the problems that spoiled them. */
  readonly skipped: readonly string[];
  readonly problems: number;
  /** Share of cases whose expert label is A, per dimension (absent in runs of older versions). */
  readonly labelShareA?: Readonly<Record<Dimension, number>>;
  /** Its files as they were when this run last read them; absent when images were read from files of their own. */
  readonly stamp?: DatasetStamp;
}

/** What a run's dataset record says of the data: its stamp describes files on this machine, for the next run. */
export function datasetWithoutStamp({ stamp: _stamp, ...dataset }: RunDataset): Omit<RunDataset, 'stamp'> {
  return dataset;
}

/**
 * The same command on the same data names the same run, so running it again resumes it. The
 * parser is left out: re-scoring a run does not make it another run.
 */
export function deriveRunId(dataPath: string, organs: readonly string[] | null, settings: RunSettings): string {
  // Neither the parser, the prices nor how a judge is reached (its config) make another run.
  const { parser: _parser, prices: _prices, judges, ...rest } = settings;
  const identity = { ...rest, judges: judges.map(({ spec, settings: s }) => ({ spec, settings: s })) };
  return `run-${trialKey({ dataPath, organs: organs ? [...organs].sort() : null, ...identity }).slice(0, 10)}`;
}
