import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactMcNemar } from '../../src/metrics/mcnemar.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

import { startFakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { jsonVerdict } from '../fakes/fake-openai-server.js';

// Fixture labels follow case numbers: every third case is labelled B, the others A.
// 9 cases: 6 labelled A, 3 labelled B.
let store: string;
let root: string;
beforeAll(async () => {
  ({ root } = writeFixtureDataset({ brain: 5, chest: 4 }));
  store = join(tempDir(), 's.sqlite');
  const out = tempDir();
  for (const judges of [['baseline:always-a', 'baseline:always-b'], ['baseline:longer']]) {
    const args = ['run', '--data', root, '--orders', 'original', '--store', store, '--out', out, ...judges.flatMap((j) => ['--judge', j])];
    expect((await runCli(args)).code).toBe(0);
  }
});

describe('mrb compare', () => {
  it('gives the paired difference, the exact McNemar test and the split cases', async () => {
    const result = await runCli(['compare', 'baseline:always-a', 'baseline:always-b', '--format', 'json', '--store', store]);
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    const overall = comparison.dimensions.overall;
    expect(comparison.cases).toBe(9);
    expect(overall.accuracyFirst).toBeCloseTo(6 / 9);
    expect(overall.accuracySecond).toBeCloseTo(3 / 9);
    expect(overall.difference.value).toBeCloseTo(3 / 9);
    expect(overall.difference.low).toBeLessThan(overall.difference.value);
    expect(overall.difference.high).toBeGreaterThan(overall.difference.value);
    expect(overall.onlyFirstRight).toHaveLength(6);
    expect(overall.onlySecondRight).toEqual(['brain/3', 'chest/1', 'chest/4']);
    expect(overall.mcnemarP).toBeCloseTo(exactMcNemar(6, 3), 12);
  });

  it('prints a Markdown table by default', async () => {
    const result = await runCli(['compare', 'baseline:always-b', 'baseline:longer', '--store', store]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| dimension | first % | second % | difference [95% CI] |');
    expect(result.stdout).toMatch(/\| overall \| 33\.3 \| /);
  });

  it('leaves out cases a judge has no answer for, and says how many', async () => {
    // A copy of the store, so the leaderboard tests below see only the three baselines.
    const copy = join(tempDir(), 'copy.sqlite');
    copyFileSync(store, copy);
    const server = await startFakeOpenAIServer((req) => (req.text.includes('Question 1 ') ? { status: 400 } : { reply: jsonVerdict('A') }));
    try {
      const run = await runCli(['run', '--data', root, '--orders', 'original', '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--max-attempts', '1', '--store', copy, '--out', tempDir()]);
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
    const result = await runCli(['compare', 'openai-compatible:m', 'baseline:always-a', '--format', 'json', '--store', copy]);
    expect(result.code, result.stderr).toBe(0);
    const comparison = JSON.parse(result.stdout);
    expect(comparison.cases).toBe(8);
    expect(comparison.unanswered).toBe(1);
    // Both always answer A on the cases both answered: no difference at all.
    expect(comparison.dimensions.overall.difference).toEqual({ value: 0, low: 0, high: 0 });
  });

  it('names what it cannot find', async () => {
    const result = await runCli(['compare', 'baseline:always-a', 'openai-compatible:nobody', '--store', store]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no run and no judge named openai-compatible:nobody');
  });
});

describe('mrb leaderboard', () => {
  it('ranks every judge in the store on the dataset, from every run', async () => {
    const result = await runCli(['leaderboard', '--format', 'json', '--store', store]);
    expect(result.code, result.stderr).toBe(0);
    const board = JSON.parse(result.stdout);
    expect(board.cases).toBe(9);
    expect(board.entries.map((e: { statistics: { judge: string } }) => e.statistics.judge)).toEqual(['baseline:longer', 'baseline:always-a', 'baseline:always-b']);
    expect(board.entries[1].statistics.dimensions.overall.accuracy.micro.value).toBeCloseTo(6 / 9);
  });

  it('writes CSV and Markdown', async () => {
    const csv = await runCli(['leaderboard', '--format', 'csv', '--store', store]);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'rank,judge,kind,run,orders,parser,overall,overall 95% CI,accuracy,accuracy 95% CI,relevance,relevance 95% CI,comprehensiveness,comprehensiveness 95% CI,' +
        'creativity,creativity 95% CI,responsiveness,responsiveness 95% CI,swap-consistent,swap-consistent 95% CI,kappa,kappa 95% CI,' +
        'answered,parse failures,request errors,input tokens,output tokens,cost ($)',
    );
    expect(lines).toHaveLength(4);
    // Every figure is followed by its interval; judged in one order only, there is no swap consistency.
    const alwaysA = lines.find((l) => l.includes('baseline:always-a'))!.split(',');
    const column = (name: string) => alwaysA[lines[0]!.split(',').indexOf(name)];
    expect([column('swap-consistent'), column('swap-consistent 95% CI')]).toEqual(['', '']);
    expect(column('accuracy 95% CI')).toMatch(/^\d+\.\d-\d+\.\d$/);
    // Always A agrees with the experts exactly as often as chance: kappa 0 in every resample.
    expect([column('kappa'), column('kappa 95% CI')]).toEqual(['0.000', '0.000-0.000']);
    const md = await runCli(['leaderboard', '--store', store]);
    expect(md.stdout).toContain('| 1 | baseline:longer |');
  });
});
