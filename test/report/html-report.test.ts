import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { judgedRun, type JudgedRun } from './judged-run.js';

let run: JudgedRun;
beforeAll(async () => {
  run = await judgedRun({ lung: 3, heart: 2 });
});
afterAll(async () => {
  await run?.server.close();
});

describe('mrb report', () => {
  it('writes one file that loads nothing and runs nothing', async () => {
    const out = join(tempDir(), 'r.html');
    const result = await runCli(['report', '--run', run.runId, '--store', run.store, '--out', out, '--resamples', '100']);
    expect(result.code, result.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).not.toMatch(/<script|<link|<iframe|<img|@import/i);
    // SVG paints refer to gradients in the same file, and each chart has its own.
    const paints = [...page.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(paints.length).toBeGreaterThan(0);
    for (const p of paints) expect(page).toContain(`id="${p.slice(1)}"`);
    expect(new Set(paints).size).toBe(paints.length);
    // Only SVG namespaces name a URL; nothing is fetched from one.
    expect(page.match(/https?:\/\/[^"'\s<]+/g)!.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true);
    expect(page).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(page.match(/<figure class="chart"/g)).toHaveLength(5);
    // 1,000 input tokens at $2 and 200 output tokens at $10 per million.
    expect(page.slice(page.indexOf('id="cost-table"'))).toMatch(/<td>\$0\.0040<\/td><\/tr>/);
    expect(page.match(/<svg /g)!.length).toBeGreaterThanOrEqual(5);
  });

  it('puts judges from several runs of one dataset side by side', async () => {
    const baseline = await runCli(['run', '--data', run.data, '--judge', 'baseline:always-a', '--store', run.store, '--out', tempDir(), '--resamples', '50']);
    expect(baseline.code, baseline.stderr).toBe(0);
    const out = join(tempDir(), 'both.html');
    const result = await runCli(['report', '--judges', `${run.runId}:openai-compatible:fake-vlm`, 'baseline:always-a', '--store', run.store, '--out', out, '--resamples', '50']);
    expect(result.code, result.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    const table = page.slice(page.indexOf('id="leaderboard-table"'), page.indexOf('</table>', page.indexOf('id="leaderboard-table"')));
    // Ranked by overall accuracy: the fake judge (9 of 10) above always-A (5 of 10).
    expect(table.indexOf('openai-compatible:fake-vlm')).toBeLessThan(table.indexOf('baseline:always-a'));
    expect(page.match(/data-chart="heatmap-\d"/g)).toEqual(['data-chart="heatmap-0"', 'data-chart="heatmap-1"']);
  });

  it('asks for a run or judges, and names a judge it cannot find', async () => {
    const neither = await runCli(['report', '--store', run.store]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('name either --run <id> or --judges <ref...>');
    const unknown = await runCli(['report', '--judges', 'openai-compatible:nope', '--store', run.store, '--out', join(tempDir(), 'x.html')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run and no judge named openai-compatible:nope');
  });
});
