import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

// The thread runs built code only (workers do not get a TypeScript loader), so the built modules are tested.
const built = (path: string) => fileURLToPath(new URL(`../../dist/${path}`, import.meta.url));
const isBuilt = existsSync(built('report/report-thread.js'));

describe('the report drawn on a second thread (built code)', () => {
  it.skipIf(!isBuilt)('is the same HTML as drawn on this thread', async () => {
    const work = tempDir();
    const store = `${work}/s.sqlite`;
    expect((await runCli(['run', '--judge', 'baseline:random', '--judge', 'baseline:longer', '--store', store, '--out', `${work}/out`, '--resamples', '50'])).code).toBe(0);
    const { openStore } = await import(built('store/open-store.js'));
    const { scoreRun } = await import(built('metrics/score-run.js'));
    const { reportOfRun } = await import(built('report/report-model.js'));
    const { htmlReport } = await import(built('report/html-report.js'));
    const { ReportThread } = await import(built('report/report-thread.js'));
    const opened = await openStore(store);
    try {
      const [run] = await opened.listRuns();
      const model = reportOfRun(await scoreRun(opened, run.id, { resamples: 50 }));
      const thread = ReportThread.start(model.dataset.cases);
      // A large run's report stays on the main thread (memory).
      expect(ReportThread.start(20_000)).toBeUndefined();
      expect(thread).toBeDefined();
      try {
        const drawn = await thread.render(model);
        // Vega numbers gradients from a counter of its process, already advanced here by the run above.
        const counted = (page: string) => page.replace(/gradient_\d+/g, 'gradient_n');
        expect(counted(drawn)).toBe(counted(await htmlReport(model)));
        expect(drawn).toContain('<svg');
        // A model it cannot draw is an error to the caller, not a hang.
        await expect(thread.render({ ...model, judges: null })).rejects.toThrow();
      } finally {
        thread.close();
      }
      // A report cut short by closing its thread (the command failed meanwhile) is not drawn elsewhere and not written.
      const { writeHtmlReport } = await import(built('report/write-html-report.js'));
      const cut = ReportThread.start(model.dataset.cases);
      const path = `${work}/cut/report.html`;
      const writing = writeHtmlReport(null, { score: await scoreRun(opened, run.id, { resamples: 50 }) }, path, {}, cut);
      cut.close();
      await expect(writing).rejects.toThrow(/exited/);
      expect(existsSync(path)).toBe(false);
      // Nor is a thread that has gone.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(thread.render(model)).rejects.toThrow(/exited/);
    } finally {
      await opened.close();
    }
  });
});
