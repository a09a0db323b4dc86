/// <reference lib="dom" />
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../src/server/viewer/start-viewer.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { launchChromium, screenshot } from './browser.js';

const ratings = (score: number) => JSON.stringify({ accuracy: score, relevance: score, comprehensiveness: score, creativity: score, responsiveness: score, overall: score, reason: `rated ${score}` });

let server: FakeOpenAIServer;
let viewer: RunningViewer;
let runId: string;
beforeAll(async () => {
  const { root } = writeFixtureDataset({ brain: 3 });
  // Rates the answer it is shown: 9 for the better one, 3 for the other.
  server = await startFakeOpenAIServer((req) => ({ reply: ratings(req.text.includes('GOOD answer') ? 9 : 3) }));
  const work = tempDir();
  const store = join(work, 'store.sqlite');
  const result = await runCli(['run', '--data', root, '--judge', 'openai-compatible:rater', '--mode', 'pointwise', '--base-url', server.baseUrl, '--store', store, '--out', join(work, 'out'), '--resamples', '20']);
  if (result.code !== 0) throw new Error(result.stderr);
  runId = /run (run-[0-9a-f]+) completed/.exec(result.stderr)![1]!;
  viewer = await startViewer({ storePath: store, port: 0, resamples: 20 });
});
afterAll(async () => {
  await viewer?.close();
  await server?.close();
});

describe('a pointwise judge in the viewer', () => {
  it("keeps its verdicts in the dataset's letters in both orders, and shows its output on each answer", async () => {
    // brain/3's better answer is B: a pointwise judge picks B in both orders.
    const detail = await (await fetch(`${viewer.url}api/runs/${runId}/case?uid=brain%2F3`)).json();
    expect(detail.trials.map((t: { order: string; mode: string; verdict: { overall: unknown }; outcomes: { overall: string } }) => [t.order, t.mode, t.verdict.overall, t.outcomes.overall])).toEqual([
      ['AB', 'pointwise', { choice: 'B' }, 'correct'],
      ['BA', 'pointwise', { choice: 'B' }, 'correct'],
    ]);
    const list = await (await fetch(`${viewer.url}api/runs/${runId}/cases?swap=1`)).json();
    expect(list.matched).toBe(0);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // Its leaderboard row has no position figures to show.
      await page.goto(`${viewer.url}#/run/${runId}`);
      const row = page.locator('tr', { hasText: 'openai-compatible:rater' }).first();
      await expect.poll(() => row.count()).toBe(1);
      expect((await row.locator('td').allInnerTexts()).filter((t) => t === 'n/a')).toHaveLength(2);
      await page.goto(`${viewer.url}#/run/${runId}/case/brain%2F3`);
      const first = page.locator('article.trial').first();
      await expect.poll(() => first.locator('pre.raw-output').count()).toBe(2);
      expect(await first.locator('pre.raw-output[data-answer="A"]').innerText()).toBe(ratings(3));
      expect(await first.locator('pre.raw-output[data-answer="B"]').innerText()).toBe(ratings(9));
      expect(await page.locator('article.trial').nth(1).innerText()).not.toContain('A is the answer shown first');
      await screenshot(page, 'viewer-pointwise');
    } finally {
      await browser.close();
    }
  });
});
