import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stampFile, type FileStamp } from '../dataset/file-stamp.js';
import { RunNotFoundError } from '../metrics/run-not-found-error.js';
import { scoreRun } from '../metrics/score-run.js';
import { datasetWithoutStamp, type RunDataset, type RunSettings } from '../runner/run-settings.js';
import type { Store } from '../store/store.js';
import { codeIdentity } from '../tool-version.js';
import { markdownSummary } from './markdown-summary.js';
import { ReportThread } from './report-thread.js';
import { EXPORT_FILES, EXPORT_FORMATS, writeExports } from './run-exports.js';
import { writeHtmlReport } from './write-html-report.js';
import { writeJudgmentFiles } from './judgment-files.js';
import { OUTPUT_FILES, writeRunOutputs } from './write-run-outputs.js';
import { currentResults, recordWrittenResults, WRITTEN_RESULTS_FILE, type ResultsSource } from './written-results.js';

/** Every file `mrb run` writes into its output folder. */
export const RUN_RESULT_FILES: readonly string[] = [...new Set(['report.html', ...OUTPUT_FILES, ...EXPORT_FORMATS.flatMap((f) => EXPORT_FILES[f])])];

export interface RunResultsOptions {
  readonly seed?: number;
  readonly resamples: number;
  readonly groupIntervals: boolean;
  /** Cases of the run: whether the report is drawn on a thread of its own. */
  readonly cases: number;
  /** Called where a stage's data has just become garbage. */
  readonly betweenStages?: () => void;
}

export interface RunResults {
  /** The summary table of the statistics, in markdown. */
  readonly table: string;
  /** The folder held these very results already, each file as written: nothing was scored or written. */
  readonly upToDate: boolean;
}

/**
 * Scores the run and writes every result file into `outDir`, unless the folder holds the results
 * of exactly what the store now holds, scored with the same options by this version.
 */
export async function writeRunResults(store: Store, runId: string, outDir: string, options: RunResultsOptions): Promise<RunResults> {
  const source: ResultsSource = {
    tool: codeIdentity(),
    store: sha256(store.location),
    runId,
    results: await resultsOf(store, runId),
    seed: options.seed ?? null,
    resamples: options.resamples,
    groupIntervals: options.groupIntervals,
  };
  const written = currentResults(outDir, source, RUN_RESULT_FILES);
  if (written) return { table: written.table, upToDate: true };
  // Forgotten first: files half replaced by a run killed meanwhile are never taken for current.
  rmSync(join(outDir, WRITTEN_RESULTS_FILE), { force: true });
  const between = options.betweenStages ?? (() => {});
  // Each file as this process left it, stamped at once: what another worker writes later is not vouched for.
  const stamps = new Map<string, FileStamp | undefined>();
  const stamp = (paths: readonly string[]) => paths.forEach((path) => stamps.set(path, stampFile(path)));
  // Started now, so it loads the charting library while the run is scored.
  const reportThread = ReportThread.start(options.cases);
  try {
    const score = await scoreRun(store, runId, { seed: options.seed, resamples: options.resamples, groupIntervals: options.groupIntervals });
    between();
    // The report is drawn on the other thread while this one writes the other files.
    const report = writeHtmlReport(null, { score }, join(outDir, 'report.html'), {}, reportThread);
    // Its failure is seen when awaited, after the other files are written.
    report.catch(() => {});
    stamp(await writeRunOutputs(outDir, score, ['summary.json']));
    stamp(await writeExports(outDir, score, ['csv', 'jsonl', 'md', 'xlsx']));
    between();
    stamp(await writeJudgmentFiles(outDir, score));
    between();
    stamp([await report]);
    const table = markdownSummary(score.statistics);
    const files = RUN_RESULT_FILES.map((name) => stamps.get(join(outDir, name)));
    if (files.every((f): f is FileStamp => f !== undefined)) recordWrittenResults(outDir, source, files, table);
    return { table, upToDate: false };
  } finally {
    reportThread?.close();
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The run's record as its reports show it (its times and its dataset stamp left out), and its rows. */
async function resultsOf(store: Store, runId: string): Promise<string> {
  const run = await store.getRun<RunSettings, RunDataset>(runId);
  if (!run) throw new RunNotFoundError(runId, store.location);
  const shown = { status: run.status, settings: run.settings, dataset: datasetWithoutStamp(run.dataset) };
  return sha256(`${JSON.stringify(shown)}\n${await store.resultsDigest(runId)}`);
}
