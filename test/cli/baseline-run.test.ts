import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineJudge } from '../../src/judges/baselines.js';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { readDataset } from '../../src/dataset/read-dataset.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

describe('mrb run with no flags', () => {
  it('judges the bundled sample with the four baselines, offline, and prints a table', async () => {
    const work = tempDir();
    const result = await runCli(['run', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')]);
    expect(result.code, result.stderr).toBe(0);
    for (const judge of ['baseline:random', 'baseline:always-a', 'baseline:always-b', 'baseline:longer']) {
      expect(result.stdout).toContain(`| ${judge} |`);
    }
    const rows = readFileSync(join(work, 'out', 'official_table.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(13 * 4);
    expect(Object.keys(rows[0])).toEqual(['modality', 'model', 'accuracy_acc', 'relevance_acc', 'comprehensiveness_acc', 'creativity_acc', 'responsiveness_acc', 'overall_acc']);
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    const alwaysA = summary.judges.find((j: { judge: string }) => j.judge === 'baseline:always-a');
    // Always answering A scores the share of A labels in the dataset order, 1 minus it swapped, and never survives the swap.
    expect(alwaysA.dimensions.comprehensiveness.labelShareA).toBeCloseTo(16 / 26);
    expect(alwaysA.dimensions.comprehensiveness.accuracyByOrder).toEqual({ AB: 16 / 26, BA: 10 / 26 });
    expect(alwaysA.dimensions.overall.position.swapConsistency).toBe(0);
    expect(alwaysA.dimensions.overall.position.firstSlotRate).toBe(1);
  });
});

describe('baselines', () => {
  it('random is fixed by its seed and differs between seeds', async () => {
    const { root } = writeFixtureDataset({ brain: 20 });
    const outputs = async (seed: number) => {
      const judge = baselineJudge('random', seed);
      const raws: string[] = [];
      for await (const item of readDataset(resolveDatasetSource(root))) {
        if (item.kind === 'case') raws.push((await judge.prepare({ case: item.case, order: 'AB', sample: 0 }).execute()).rawOutput);
      }
      return raws;
    };
    expect(await outputs(1)).toEqual(await outputs(1));
    expect(await outputs(1)).not.toEqual(await outputs(2));
  });

  it('longer prefers the longer answer in either order, and calls equal lengths a tie', async () => {
    const { root } = writeFixtureDataset({ eye: 1 });
    const judge = baselineJudge('longer', 0);
    for await (const item of readDataset(resolveDatasetSource(root))) {
      if (item.kind !== 'case') continue;
      const ab = JSON.parse((await judge.prepare({ case: item.case, order: 'AB', sample: 0 }).execute()).rawOutput);
      const ba = JSON.parse((await judge.prepare({ case: item.case, order: 'BA', sample: 0 }).execute()).rawOutput);
      expect(ab.overall).toBe('A'); // the fixture's GOOD answer is longer and sits in slot A here
      expect(ba.overall).toBe('B');
      const tie = JSON.parse((await judge.prepare({ case: { ...item.case, answerB: item.case.answerA }, order: 'AB', sample: 0 }).execute()).rawOutput);
      expect(tie.overall).toBe('tie');
    }
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['run', '--judge', 'nonsense:x'], 'unknown judge kind "nonsense"'],
    [['run', '--judge', 'baseline:smart'], 'unknown baseline "smart"'],
    [['run', '--concurrency', 'many'], '--concurrency'],
    [['run', '--orders', 'sideways'], "argument 'sideways' is invalid"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('mrb %j', async (args, message) => {
    const storeArgs = args[0] === 'run' ? ['--store', join(tempDir(), 's.sqlite')] : [];
    const result = await runCli([...args, ...storeArgs]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('an OpenAI judge without a key or a base URL', async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    const result = await runCli(['run', '--judge', 'openai-compatible:gpt-4o', '--store', join(tempDir(), 's.sqlite')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no API key: set OPENAI_API_KEY');
  });
});
