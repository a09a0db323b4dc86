import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/dataset/data-problem.js';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { writeOfficialLayout } from '../../src/dataset/official-layout-writer.js';
import { checkDataset } from '../../src/dataset/validate-dataset.js';
import { fixtureRows, tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

async function problemsOf(root: string) {
  const check = await checkDataset(resolveDatasetSource(root));
  return { check, lines: check.problems.map(formatProblem) };
}

describe('validation names file, row and field of every problem', () => {
  it('finds all problems of a broken dataset at once', async () => {
    const root = tempDir();
    const rows = fixtureRows({ brain: 6 });
    const png = rows[0]!.image!;
    writeOfficialLayout(root, [
      rows[0]!,
      { ...rows[1]!, image: new TextEncoder().encode('this is not an image at all') },
      { ...rows[2]!, image: png.subarray(0, png.length - 20) },
      { ...rows[3]!, question: '   ' },
      { ...rows[4]!, questionId: 1 },
      { ...rows[5]!, answer1: '' },
    ]);
    void png;
    const gt = join(root, 'pair_gt_all', 'brain.jsonl');
    const lines = readFileSync(gt, 'utf8').trim().split('\n');
    lines[0] = lines[0]!.replace('"overall":"A"', '"overall":"C"');
    lines.push(JSON.stringify({ question_id: 99, human_answer: JSON.parse(lines[1]!).human_answer }));
    writeFileSync(gt, lines.join('\n') + '\n');

    const { check, lines: problems } = await problemsOf(root);
    const parquet = join(root, 'pair_gt_all', 'parquet', 'brain.parquet');
    expect(problems).toEqual(
      expect.arrayContaining([
        `${gt}: row 1: field 'human_answer.overall': label must be "A" or "B", got "C"`,
        expect.stringMatching(new RegExp(`^${parquet}: row 2: field 'image': not an image`)),
        `${parquet}: row 3: field 'image': PNG is truncated (a chunk runs past the end)`,
        `${parquet}: row 4: field 'question': empty`,
        `${parquet}: row 5: field 'question_id': duplicate question_id 1 in brain (first on row 1)`,
        `${parquet}: row 6: field 'answer1_text': empty`,
        `${gt}: row 7: field 'question_id': question_id 99 has no row in ${parquet}`,
      ]),
    );
    // Row 1 has a bad label and shares its id with row 5, so no valid case is left.
    expect(check.cases).toBe(0);
  });

  it('reports ids in the parquet without ground truth, and missing files', async () => {
    const root = tempDir();
    writeOfficialLayout(root, fixtureRows({ eye: 2, foot: 1 }));
    const eyeGt = join(root, 'pair_gt_all', 'eye.jsonl');
    writeFileSync(eyeGt, readFileSync(eyeGt, 'utf8').split('\n')[0] + '\n');
    writeFileSync(join(root, 'pair_gt_all', 'heart.jsonl'), '{"question_id": 1, "human_answer": {}}\n');
    const { check, lines } = await problemsOf(root);
    expect(lines).toEqual(
      expect.arrayContaining([
        `${join(root, 'pair_gt_all', 'parquet', 'eye.parquet')}: row 2: field 'question_id': question_id 2 has no labels in ${eyeGt}`,
        `${join(root, 'pair_gt_all', 'heart.jsonl')}: no parquet file parquet/heart.parquet for this ground truth`,
      ]),
    );
    expect(check.cases).toBe(2);
  });

  it('reports missing columns and unreadable files', async () => {
    const root = tempDir();
    writeOfficialLayout(root, fixtureRows({ chest: 1 }), { omitColumns: ['image', 'question'] });
    const { lines } = await problemsOf(root);
    const parquet = join(root, 'pair_gt_all', 'parquet', 'chest.parquet');
    expect(lines).toEqual([
      `${parquet}: field 'image': missing column`,
      `${parquet}: field 'question': missing column`,
      `${join(root, 'pair_gt_all', 'chest.jsonl')}: row 1: field 'question_id': question_id 1 cannot be judged: its parquet file ${parquet} is unusable`,
    ]);

    writeFileSync(parquet, 'PAR1 but not really');
    expect((await problemsOf(root)).lines[0]).toMatch(/chest\.parquet: not a readable parquet file/);
  });
});

describe('image checks', () => {
  it('catch bytes damaged in the middle of a PNG, not only a cut end', async () => {
    const root = tempDir();
    const rows = fixtureRows({ chest: 1 });
    const damaged = Uint8Array.from(rows[0]!.image!);
    damaged.fill(0, 60, 80);
    writeOfficialLayout(root, [{ ...rows[0]!, image: damaged }]);
    const { lines } = await problemsOf(root);
    expect(lines[0]).toMatch(/field 'image': PNG is damaged \(bad checksum in chunk IDAT/);
  });
});

describe('mrb data validate', () => {
  it('prints every problem and exits 1; a clean dataset exits 0', async () => {
    const root = tempDir();
    const rows = fixtureRows({ lung: 3 });
    writeOfficialLayout(root, [{ ...rows[0]!, question: '' }, rows[1]!, { ...rows[2]!, answer2: '' }]);
    const broken = await runCli(['data', 'validate', root]);
    expect(broken.code).toBe(1);
    expect(broken.stdout.trim().split('\n')).toHaveLength(2);
    expect(broken.stderr).toContain('2 problem(s) in 2 case(s)');

    const clean = tempDir();
    writeOfficialLayout(clean, rows);
    const ok = await runCli(['data', 'validate', clean]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('3 valid case(s) (lung 3)');
  });

  it('a path that does not exist is a usage error', async () => {
    const result = await runCli(['data', 'validate', '/nonexistent/dataset']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/dataset: no such file or directory');
  });
});

describe('mrb run --skip-invalid', () => {
  it('judges the valid cases and says what it skipped', async () => {
    const root = tempDir();
    const rows = fixtureRows({ abdomen: 3 });
    writeOfficialLayout(root, [rows[0]!, { ...rows[1]!, question: '' }, rows[2]!]);
    const work = tempDir();
    const args = ['run', '--data', root, '--judge', 'baseline:always-a', '--store', join(work, 's.sqlite'), '--out', join(work, 'out')];
    expect((await runCli(args)).code).toBe(2);
    const result = await runCli([...args, '--skip-invalid']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("skipped: ");
    expect(result.stderr).toContain("field 'question': empty");
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.dataset.cases).toBe(2);
    expect(summary.dataset.skipped).toEqual(['abdomen/2']);
  });
});
