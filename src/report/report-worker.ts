// The second thread's side of report-thread.ts: draws the HTML report of the model it is sent.
import { parentPort } from 'node:worker_threads';
import { htmlReport } from './html-report.js';
import type { ReportModel } from './report-model.js';
import type { ReportReply } from './report-thread.js';

// Loaded now, while the run is still being scored: the charts need them first thing.
void Promise.all([import('vega'), import('vega-lite')]).catch(() => {});

parentPort!.on('message', (model: ReportModel) => {
  htmlReport(model).then(
    (html) => parentPort!.postMessage({ html } satisfies ReportReply),
    (error: Error) => parentPort!.postMessage({ error: error.message } satisfies ReportReply),
  );
});
