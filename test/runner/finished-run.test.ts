import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetFiles } from '../../src/dataset/dataset-stamp.js';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { RUN_RESULT_FILES } from '../../src/report/write-run-results.js';
import { WRITTEN_RESULTS_FILE } from '../../src/report/written-results.js';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
let work: string;
beforeEach(async () => {
  work = tempDir();
  server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B') }));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const run = (data: string, extra: string[] = []) =>
  runCli(['run', '--data', data, '--judge', 'openai-compatible:fake-vlm', '--base-url', server!.baseUrl, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), ...extra]);

/** As if the dataset had been written an hour ago: a file written in the last two seconds is never trusted unchanged. */
function settle(root: string) {
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of datasetFiles(resolveDatasetSource(root))) utimesSync(file, hourAgo, hourAgo);
}

const NOT_READ = /is complete: every trial has its answer, and the dataset's files are as the run last read them \(not read again\)/;
const UP_TO_DATE = /are up to date/;
const resultTimes = () => RUN_RESULT_FILES.map((name) => statSync(join(work, 'out', name)).mtimeMs);

describe('running a finished run again', () => {
  it('sends nothing, reads neither the dataset nor the trials again, and leaves its result files as they are', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 3, chest: 2 });
    settle(root);
    const first = await run(root);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toMatch(NOT_READ);
    expect(server!.received).toHaveLength(rows.length * 2);
    const written = resultTimes();

    const again = await run(root);
    expect(again.code, again.stderr).toBe(0);
    expect(server!.received).toHaveLength(rows.length * 2);
    expect(again.stderr).toMatch(NOT_READ);
    expect(again.stderr).toMatch(UP_TO_DATE);
    expect(again.stderr).toMatch(/0 judged now, 10 reused from the store, 0 failed/);
    // The same table as when the results were written, and not one file written again.
    expect(again.stdout).toBe(first.stdout);
    expect(resultTimes()).toEqual(written);
  });

  it('reads the dataset again when one of its files changed, and judges only the case that is new', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 3, chest: 2 });
    settle(root);
    expect((await run(root)).code).toBe(0);
    const first = readFileSync(join(work, 'out', 'official_table.csv'), 'utf8');

    // The same dataset with one more chest case, written over the first.
    const bigger = writeFixtureDataset({ brain: 3, chest: 3 });
    for (const file of datasetFiles(resolveDatasetSource(bigger.root))) {
      writeFileSync(file.replace(bigger.root, root), readFileSync(file));
    }
    settle(root);
    const again = await run(root);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(NOT_READ);
    expect(again.stderr).not.toMatch(UP_TO_DATE);
    expect(server!.received).toHaveLength((rows.length + 1) * 2);
    expect(again.stderr).toMatch(/2 judged now, 10 reused from the store/);
    expect(readFileSync(join(work, 'out', 'official_table.csv'), 'utf8')).toBe(first);
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.dataset.cases).toBe(6);
    // The stamp is for the next run on this machine, not a description of the data.
    expect(summary.dataset).not.toHaveProperty('stamp');
  });

  it('reads a dataset written in the last two seconds again, but still finds its results up to date', async () => {
    const { root } = writeFixtureDataset({ brain: 2 });
    expect((await run(root)).code).toBe(0);
    const again = await run(root);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(NOT_READ);
    expect(again.stderr).toMatch(UP_TO_DATE);
    expect(server!.received).toHaveLength(4);
  });

  it('plans the trials again when the store lacks some, though the run is marked complete', async () => {
    const { root } = writeFixtureDataset({ brain: 3 });
    settle(root);
    expect((await run(root)).code).toBe(0);
    const store = await openStore(join(work, 's.sqlite'));
    const [runRecord] = await store.listRuns();
    await store.removeCases(runRecord!.id, ['brain/2']);
    expect((await store.runProgress(runRecord!.id)).trials).toBe(4);
    await store.close();

    const again = await run(root);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(NOT_READ);
    // The case and its trials are back; their answers were in the store all along.
    expect(server!.received).toHaveLength(6);
    const reopened = await openStore(join(work, 's.sqlite'));
    expect((await reopened.runProgress(runRecord!.id)).trials).toBe(6);
    await reopened.close();
    // The store holds again exactly what the result files were computed from.
    expect(again.stderr).toMatch(UP_TO_DATE);
  });

  it('plans again a run named with --run that is re-run with other organ systems or judge settings', async () => {
    const { root } = writeFixtureDataset({ brain: 2, chest: 1 });
    settle(root);
    expect((await run(root, ['--run', 'mine', '--organs', 'brain'])).code).toBe(0);
    expect(server!.received).toHaveLength(4);
    const everyOrgan = await run(root, ['--run', 'mine']);
    expect(everyOrgan.code, everyOrgan.stderr).toBe(0);
    expect(everyOrgan.stderr).not.toMatch(NOT_READ);
    expect(server!.received).toHaveLength(6);
    expect(JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8')).dataset.casesByOrgan).toEqual({ brain: 2, chest: 1 });

    const warmer = await run(root, ['--run', 'mine', '--temperature', '0.7']);
    expect(warmer.code, warmer.stderr).toBe(0);
    expect(warmer.stderr).not.toMatch(NOT_READ);
    expect(server!.received).toHaveLength(12);
    expect(server!.received.slice(6).every((r) => r.body.temperature === 0.7)).toBe(true);
  });

  it('writes the result files again when scored otherwise, or when one of them changed or is gone', async () => {
    const { root } = writeFixtureDataset({ brain: 2 });
    settle(root);
    expect((await run(root)).code).toBe(0);
    const rewritten = async (extra: string[] = []) => {
      const result = await run(root, extra);
      expect(result.code, result.stderr).toBe(0);
      return !UP_TO_DATE.test(result.stderr);
    };
    expect(await rewritten()).toBe(false);
    expect(await rewritten(['--resamples', '500'])).toBe(true);
    expect(await rewritten(['--resamples', '500'])).toBe(false);
    expect(await rewritten()).toBe(true);
    expect(await rewritten(['--group-intervals'])).toBe(true);
    expect(await rewritten(['--group-intervals'])).toBe(false);
    // Prices are settings of the run, not of its id: the same run, with costs in its results now.
    expect(await rewritten(['--group-intervals', '--price-input', '1', '--price-output', '2'])).toBe(true);
    expect(await rewritten(['--group-intervals', '--price-input', '1', '--price-output', '2'])).toBe(false);
    expect(JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8')).bootstrap.groupIntervals).toBe(true);

    const priced = ['--group-intervals', '--price-input', '1', '--price-output', '2'];
    rmSync(join(work, 'out', 'leaderboard.md'));
    expect(await rewritten(priced)).toBe(true);
    expect(readFileSync(join(work, 'out', 'leaderboard.md'), 'utf8')).toContain('overall');
    writeFileSync(join(work, 'out', 'summary.csv'), 'edited by hand\n');
    expect(await rewritten(priced)).toBe(true);
    expect(readFileSync(join(work, 'out', 'summary.csv'), 'utf8')).not.toContain('edited by hand');
    writeFileSync(join(work, 'out', WRITTEN_RESULTS_FILE), 'null');
    expect(await rewritten(priced)).toBe(true);
    writeFileSync(join(work, 'out', WRITTEN_RESULTS_FILE), '{"source": {}, "files": [null], "table": ""}');
    expect(await rewritten(priced)).toBe(true);
    expect(await rewritten(priced)).toBe(false);
    rmSync(join(work, 'out', WRITTEN_RESULTS_FILE));
    expect(await rewritten(priced)).toBe(true);
    expect(server!.received).toHaveLength(4);
  });

  it('forgets what the folder held before writing anew: files half written are never taken for current', async () => {
    const { root } = writeFixtureDataset({ brain: 2 });
    settle(root);
    expect((await run(root)).code).toBe(0);
    // The workbook cannot be put in place: the command fails after some files were replaced.
    rmSync(join(work, 'out', 'official_table.xlsx'));
    mkdirSync(join(work, 'out', 'official_table.xlsx', 'in-the-way'), { recursive: true });
    const failed = await run(root, ['--resamples', '500']);
    expect(failed.code).not.toBe(0);
    expect(existsSync(join(work, 'out', WRITTEN_RESULTS_FILE))).toBe(false);
    rmSync(join(work, 'out', 'official_table.xlsx'), { recursive: true });
    const again = await run(root, ['--resamples', '500']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(UP_TO_DATE);
    expect(existsSync(join(work, 'out', 'official_table.xlsx'))).toBe(true);
  });
});
