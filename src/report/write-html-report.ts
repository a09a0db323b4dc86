import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { scoreRun, type RunScore, type ScoreOptions } from '../metrics/score-run.js';
import type { Store } from '../store/store.js';
import { htmlReport } from './html-report.js';
import { reportOfJudges, reportOfRun, type ReportModel } from './report-model.js';
import { writeFileAtomic } from './atomic-file.js';
import type { ReportThread } from './report-thread.js';

export type ReportSubject = { readonly run: string } | { readonly judges: readonly string[] } | { readonly score: RunScore };

/**
 * Scores what the report is about, renders it (on `thread` when given; here if the thread fails,
 * but not if it was closed: then the report is no longer wanted), and writes the file; returns its path.
 */
export async function writeHtmlReport(store: Store | null, subject: ReportSubject, path: string, options: ScoreOptions = {}, thread?: ReportThread): Promise<string> {
  let model: ReportModel;
  if ('score' in subject) model = reportOfRun(subject.score);
  else if (!store) throw new Error('a store is needed to score a run');
  else if ('run' in subject) model = reportOfRun(await scoreRun(store, subject.run, options));
  else model = await reportOfJudges(store, subject.judges, options);
  mkdirSync(dirname(path), { recursive: true });
  const drawn = thread ? thread.render(model).catch((error: Error) => (thread.closed ? Promise.reject(error) : htmlReport(model))) : htmlReport(model);
  writeFileAtomic(path, await drawn);
  return path;
}
