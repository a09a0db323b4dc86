import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetNames } from '../../src/report/official-workbook.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { judgedRun, type JudgedRun } from './judged-run.js';

let run: JudgedRun;
beforeAll(async () => {
  run = await judgedRun({ brain: 3, chest: 2 });
});
afterAll(async () => {
  await run?.server.close();
});

describe('mrb export', () => {
  it('writes a workbook with a summary sheet and one sheet per judge holding the official table', async () => {
    const out = tempDir();
    const result = await runCli(['export', '--run', run.runId, '--format', 'xlsx', '--store', run.store, '--out', out, '--resamples', '200']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(join(out, 'official_table.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'official_table.xlsx'));
    expect(book.worksheets.map((w) => w.name)).toEqual(['summary', 'openai-compatible_fake-vlm']);
    const sheet = book.getWorksheet('openai-compatible_fake-vlm')!;
    const rows = sheet.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['modality', 'model', 'accuracy_acc', 'relevance_acc', 'comprehensiveness_acc', 'creativity_acc', 'responsiveness_acc', 'overall_acc']);
    // The parse failure is in the swapped order only, which the official table does not read.
    expect(rows.slice(1)).toEqual([
      ['brain', 'openai-compatible:fake-vlm', 1, 1, 1, 1, 1, 1],
      ['chest', 'openai-compatible:fake-vlm', 1, 1, 1, 1, 1, 1],
    ]);
    const summary = book.getWorksheet('summary')!;
    const header = (summary.getRow(1).values as unknown[]).slice(1);
    const overall = (summary.getRow(7).values as unknown[]).slice(1);
    expect(overall[header.indexOf('dimension')]).toBe('overall');
    // 10 trials, 9 right, 1 parse failure.
    expect(overall[header.indexOf('accuracy')]).toBeCloseTo(0.9);
    expect(overall[header.indexOf('parse_failure')]).toBe(1);
    expect(overall[header.indexOf('swap_consistency')]).toBeCloseTo(0.8);
    // Every figure comes with its interval, around it.
    for (const figure of ['accuracy', 'macro_accuracy', 'accuracy_ab', 'accuracy_ba', 'swap_consistency', 'first_slot_rate', 'kappa']) {
      const [value, low, high] = ['', '_ci_low', '_ci_high'].map((end) => overall[header.indexOf(figure + end)] as number);
      expect(typeof low, figure).toBe('number');
      expect(low, figure).toBeLessThanOrEqual(value!);
      expect(high, figure).toBeGreaterThanOrEqual(value!);
    }
  });

  it('writes every judgment as parquet: verdict, label and correctness per dimension, tokens, latency', async () => {
    const out = tempDir();
    const result = await runCli(['export', '--run', run.runId, '--format', 'parquet', '--store', run.store, '--out', out, '--resamples', '50']);
    expect(result.code, result.stderr).toBe(0);
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(join(out, 'judgments.parquet')) })) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(10);
    const failed = rows.find((r) => r.case_id === 'brain/1' && r.order === 'BA')!;
    expect(failed).toMatchObject({ organ: 'brain', judge: 'openai-compatible:fake-vlm', sample: 0, raw_output: 'I cannot tell which answer is better.', verdict_overall: null, label_overall: 'A', correct_overall: null, outcome_overall: 'parse-failure', input_tokens: 100, output_tokens: 20, error: null });
    const swappedRight = rows.find((r) => r.case_id === 'brain/3' && r.order === 'BA')!;
    // Case 3's better answer is B; the swapped verdict is mapped back to the dataset's letters.
    expect(swappedRight).toMatchObject({ verdict_accuracy: 'B', label_accuracy: 'B', correct_accuracy: true, reason: 'the better answer gives the lesion size' });
    expect(typeof swappedRight.latency_ms).toBe('number');
    expect(rows.filter((r) => r.correct_overall === true)).toHaveLength(9);
  });

  it('writes csv and jsonl (official table and summary) and a markdown leaderboard', async () => {
    const out = tempDir();
    const result = await runCli(['export', '--run', run.runId, '--format', 'csv,jsonl,md', '--store', run.store, '--out', out, '--resamples', '50']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n').map((p) => p.slice(out.length + 1))).toEqual(['official_table.csv', 'summary.csv', 'official_table.jsonl', 'summary.jsonl', 'leaderboard.md']);
    const summaryLines = readFileSync(join(out, 'summary.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(summaryLines).toHaveLength(6);
    expect(summaryLines.find((l) => l.dimension === 'overall')).toMatchObject({ judge: 'openai-compatible:fake-vlm', orders: 'AB+BA', correct: 9, parse_failure: 1 });
    const csv = readFileSync(join(out, 'summary.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe(
      '\ufeffjudge,dimension,orders,accuracy,accuracy_ci_low,accuracy_ci_high,macro_accuracy,macro_accuracy_ci_low,macro_accuracy_ci_high,' +
        'accuracy_ab,accuracy_ab_ci_low,accuracy_ab_ci_high,accuracy_ba,accuracy_ba_ci_low,accuracy_ba_ci_high,' +
        'swap_consistency,swap_consistency_ci_low,swap_consistency_ci_high,first_slot_rate,first_slot_rate_ci_low,first_slot_rate_ci_high,' +
        'kappa,kappa_ci_low,kappa_ci_high,correct,wrong,tie,parse_failure,error,missing',
    );
    expect(readFileSync(join(out, 'official_table.jsonl'), 'utf8')).toContain('{"modality":"brain","model":"openai-compatible:fake-vlm","accuracy_acc":1.0');
    expect(readFileSync(join(out, 'leaderboard.md'), 'utf8')).toMatch(/\| openai-compatible:fake-vlm \| 90\.0 \[/);
  });

  it('mrb run writes every export and report.html into --out', () => {
    const names = ['report.html', 'official_table.xlsx', 'judgments.parquet', 'summary.csv', 'summary.jsonl', 'leaderboard.md', 'official_table.csv', 'summary.json', 'judgments.jsonl'];
    for (const name of names) expect(readFileSync(join(run.out, name)).length, name).toBeGreaterThan(100);
  });

  it('names an unknown format and exits 2', async () => {
    const result = await runCli(['export', '--run', run.runId, '--format', 'xlsx,pdf', '--store', run.store, '--out', tempDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format: expected one or more of xlsx, csv, jsonl, md, parquet (got "xlsx,pdf")');
  });
});

describe('sheet names', () => {
  it('are legal for Excel and distinct', () => {
    const names = sheetNames(['openai-compatible:Qwen/Qwen2.5-VL-72B-Instruct-AWQ-extra', 'openai-compatible:Qwen/Qwen2.5-VL-72B-Instruct-AWQ-other', 'summary'], ['summary']);
    expect(names[0]).toBe('openai-compatible_Qwen_Qwen2.5-');
    expect(names[1]).toBe('openai-compatible_Qwen_Qwen2.~2');
    expect(names[2]).toBe('summary~2');
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    // Never half an emoji at the cut: the half would be dropped from the file and two names could meet.
    expect(sheetNames(['openai-compatible:model-name-x😀', 'openai-compatible:model-name-x'])).toEqual(['openai-compatible_model-name-x', 'openai-compatible_model-name-~2']);
  });
});
