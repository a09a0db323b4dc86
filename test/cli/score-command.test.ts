import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('mrb score', () => {
  it('re-scores stored raw outputs with the official parser without any request', async () => {
    // Labels are A, A, B. The judge writes "Assistant B" on every dimension: B for the strict
    // parser, A for the official one (it reads the A of "Assistant").
    const { root } = writeFixtureDataset({ brain: 3 });
    const dims = ['Accuracy', 'Relevance', 'Comprehensiveness', 'Creativity', 'Responsiveness', 'Overall'];
    server = await startFakeOpenAIServer(() => ({ reply: dims.map((d) => `${d}: Assistant B`).join('\n') }));
    const work = tempDir();
    const store = join(work, 's.sqlite');
    const run = await runCli(['run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--orders', 'original', '--store', store, '--out', join(work, 'strict')]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(work, 'strict', 'official_table.csv'), 'utf8')).toContain('brain,openai-compatible:m,0.3333,');
    const runId = /run (run-[0-9a-f]+) completed/.exec(run.stderr)![1]!;

    const sent = server.received.length;
    const official = await runCli(['score', '--run', runId, '--parser', 'official', '--store', store, '--out', join(work, 'official')]);
    expect(official.code, official.stderr).toBe(0);
    expect(server.received.length).toBe(sent);
    expect(readFileSync(join(work, 'official', 'official_table.csv'), 'utf8')).toContain('brain,openai-compatible:m,0.6667,');
  });

  it('adds the intervals of every figure per group to summary.json when asked (--group-intervals)', async () => {
    const work = tempDir();
    const store = join(work, 's.sqlite');
    const run = await runCli(['run', '--judge', 'baseline:random', '--store', store, '--out', join(work, 'plain'), '--resamples', '50']);
    expect(run.code, run.stderr).toBe(0);
    const runId = /run (run-[0-9a-f]+) completed/.exec(run.stderr)![1]!;
    const summary = (dir: string) => JSON.parse(readFileSync(join(work, dir, 'summary.json'), 'utf8'));
    const plain = summary('plain');
    expect(plain.bootstrap.groupIntervals).toBe(false);
    expect(plain.judges[0].dimensions.overall.byGroup.organ[0].intervals).toBeUndefined();

    const scored = await runCli(['score', '--run', runId, '--store', store, '--out', join(work, 'groups'), '--resamples', '50', '--group-intervals']);
    expect(scored.code, scored.stderr).toBe(0);
    const withGroups = summary('groups');
    expect(withGroups.bootstrap.groupIntervals).toBe(true);
    const organs = withGroups.judges[0].dimensions.overall.byGroup.organ as Array<{ group: string; position: { swapConsistency: number }; intervals: { swapConsistency: { value: number; low: number; high: number } } }>;
    expect(organs.length).toBeGreaterThan(1);
    for (const organ of organs) {
      // Each interval is around the group's own figure.
      expect(organ.intervals.swapConsistency.value, organ.group).toBe(organ.position.swapConsistency);
      expect(organ.intervals.swapConsistency.low).toBeLessThanOrEqual(organ.position.swapConsistency);
      expect(organ.intervals.swapConsistency.high).toBeGreaterThanOrEqual(organ.position.swapConsistency);
    }
    // Every group of every grouping gets its own intervals, around its own figures.
    type Group = { group: string; accuracyByOrder: Record<string, number>; kappa: number | null; intervals: { accuracyByOrder: Record<string, { value: number }>; kappa: { value: number | null } } };
    for (const [grouping, groups] of Object.entries(withGroups.judges[0].dimensions.accuracy.byGroup as Record<string, Group[]>)) {
      for (const g of groups) {
        for (const order of ['AB', 'BA']) expect(g.intervals.accuracyByOrder[order]!.value, `${grouping} ${g.group} ${order}`).toBe(g.accuracyByOrder[order]);
        expect(g.intervals.kappa.value, `${grouping} ${g.group} kappa`).toBe(g.kappa);
      }
    }
    // The figures over all cases are the same either way.
    expect(withGroups.judges[0].dimensions.overall.intervals).toEqual(plain.judges[0].dimensions.overall.intervals);
  });

  it('names a run that is not in the store, and a store that does not exist, without creating one', async () => {
    const store = join(tempDir(), 's.sqlite');
    const missingStore = await runCli(['score', '--run', 'run-nope', '--store', store]);
    expect(missingStore.code).toBe(2);
    expect(missingStore.stderr).toContain(`no store at ${store}`);
    expect(existsSync(store)).toBe(false);

    expect((await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', store, '--out', join(tempDir(), 'o')])).code).toBe(0);
    const missingRun = await runCli(['score', '--run', 'run-nope', '--store', store]);
    expect(missingRun.code).toBe(2);
    expect(missingRun.stderr).toContain('no run run-nope');
  });
});
