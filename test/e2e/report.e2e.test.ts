/// <reference lib="dom" />
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgedRun, type JudgedRun } from '../report/judged-run.js';
import { launchChromium, screenshot, watchPage } from './browser.js';

let run: JudgedRun;
let browser: BrowserContext;
beforeAll(async () => {
  run = await judgedRun({ brain: 3, chest: 2, eye: 2 }, (rows) => [
    ...rows.slice(0, -1),
    { ...rows.at(-1)!, department: '<img src=x onerror="window.__pwned=1">', answer1: `<script>window.__pwned=2</script>${rows.at(-1)!.answer1}` },
  ]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await run?.server.close();
});

describe('report.html in Chromium', () => {
  it('opens from disk with the network off and draws every chart', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    const requests: string[] = [];
    await browser.setOffline(true);
    page.on('request', (r) => requests.push(r.url()));
    await page.route((url) => url.protocol !== 'file:', (route) => route.abort());
    const url = pathToFileURL(join(run.out, 'report.html')).href;
    await page.goto(url);

    expect(requests).toEqual([url]);
    // Every id is unique: the navigation links land on sections, and each chart keeps its own gradients.
    const ids = await page.locator('[id]').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    const charts = await page.locator('figure.chart').evaluateAll((figures) =>
      figures.map((f) => ({ id: f.getAttribute('data-chart') ?? '', marks: f.querySelectorAll('svg g.mark-symbol path, svg g.mark-rect path, svg g.mark-rule line, svg g.mark-text text').length, width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0 })),
    );
    expect(charts.map((c) => c.id)).toEqual(['leaderboard', 'dimensions', 'heatmap-0', 'position', 'dataset']);
    for (const c of charts) {
      expect(c.marks, c.id).toBeGreaterThan(2);
      expect(c.width, c.id).toBeGreaterThan(200);
    }
    // The heatmap has a cell per organ and dimension, each labelled with its accuracy.
    expect(await page.locator('#chart-heatmap-0 g.mark-text.role-mark text').count()).toBe(3 * 6);
    expect(await page.locator('#leaderboard-table tbody tr').count()).toBe(1);
    expect(await page.locator('#cost-table').innerText()).toMatch(/openai-compatible:fake-vlm\s+14\s+14\s+1\s+0/);
    await screenshot(page, 'report-light');

    // Untrusted dataset text shows as text; nothing injected ran.
    expect(await page.locator('#department-table').innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(seen.errors).toEqual([]);
    await browser.setOffline(false);
  });

  it('reads in dark mode: axis text follows the page colour', async () => {
    const dark = await launchChromium({ colorScheme: 'dark' });
    try {
      const page = await dark.newPage();
      await page.goto(pathToFileURL(join(run.out, 'report.html')).href);
      const colours = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        axisLabel: getComputedStyle(document.querySelector('#chart-leaderboard svg g.role-axis-label text')!).fill,
      }));
      expect(colours.body).toBe('rgb(20, 23, 28)');
      expect(colours.axisLabel).toBe('rgb(230, 233, 239)');
      await screenshot(page, 'report-dark');
    } finally {
      await dark.close();
    }
  });
});
