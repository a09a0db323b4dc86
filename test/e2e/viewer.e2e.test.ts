/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../src/server/viewer/start-viewer.js';
import { judgedRun, type JudgedRun } from '../report/judged-run.js';
import { launchChromium, screenshot, watchPage } from './browser.js';

const SCRIPT = '<script>window.__pwned = 1</script>';
const IMG = '<img src=x onerror="window.__pwned = 2">';

let run: JudgedRun;
let viewer: RunningViewer;
let browser: BrowserContext;
beforeAll(async () => {
  // The last case carries markup in its question and answers, and the judge echoes markup back.
  run = await judgedRun(
    { brain: 3, chest: 2, eye: 2 },
    (rows) => rows.map((r, i) => (i === rows.length - 1 ? { ...r, question: `Is this <b>bold</b>? ${IMG}`, answer1: `${r.answer1} ${SCRIPT}`, answer2: `${r.answer2} ${IMG}` } : r)),
    (text) => (text.includes('<b>bold</b>') ? `see ${IMG} and ${SCRIPT}` : 'the better answer gives the lesion size'),
  );
  viewer = await startViewer({ storePath: run.store, port: 0, resamples: 100 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await viewer?.close();
  await run?.server.close();
});

const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

describe('the viewer in Chromium', () => {
  it('lists runs, filters cases, opens one with its image and verdicts, and walks cases with the keyboard', async () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await browser.newPage();
    const seen = watchPage(page);
    await page.goto(viewer.url);
    await page.locator('a.run-link', { hasText: run.runId }).click();
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('7 of 7 cases');
    expect(await page.locator('#leaderboard tbody tr').count()).toBe(1);
    await screenshot(page, 'viewer-run');

    await page.selectOption('select[name=organ]', 'brain');
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('3 of 7 cases');
    expect(await page.locator('tr.case-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-uid')))).toEqual(['brain/1', 'brain/2', 'brain/3']);
    expect(page.url()).toContain('organ=brain');

    await page.check('input[name=parseFailure]');
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('1 of 7 cases');
    await page.uncheck('input[name=parseFailure]');
    await page.fill('input[name=q]', 'question 2 about');
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('1 of 7 cases');
    await page.fill('input[name=q]', '');
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('3 of 7 cases');

    await page.locator('a.case-link', { hasText: 'brain/1' }).click();
    await expect.poll(() => page.locator('h1.case-title').innerText()).toBe('brain/1');
    expect(await page.locator('#case-position').innerText()).toBe('Case 1 of 3');
    // The image arrived and decoded: it has pixels.
    await expect.poll(() => page.locator('#case-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
    expect(await page.locator('#question').innerText()).toBe(run.rows[0]!.question);
    expect(await page.locator('#answer-A .answer-text').innerText()).toBe(run.rows[0]!.answer1);
    expect(await page.locator('#answer-B .answer-text').innerText()).toBe(run.rows[0]!.answer2);
    expect(await page.locator('#expert-labels tbody tr').count()).toBe(6);
    const trials = page.locator('article.trial');
    expect(await trials.count()).toBe(2);
    expect(await trials.nth(0).locator('table.verdicts tbody tr').count()).toBe(6);
    expect(await trials.nth(0).innerText()).toContain('agrees with the physicians');
    expect(await trials.nth(0).innerText()).toMatch(/100 input \/ 20 output tokens · \d+ ms/);
    expect(await trials.nth(1).locator('pre.raw-output').innerText()).toBe('I cannot tell which answer is better.');
    expect(await trials.nth(1).innerText()).toContain('answer could not be read');
    expect(await page.locator('section.judge h3 .badge').innerText()).toContain('changed its verdict when swapped');
    // Zoom in with the button: the image is scaled.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await page.locator('.zoom-level').innerText()).toBe('125%');
    await screenshot(page, 'viewer-case');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('h1.case-title').innerText()).toBe('brain/2');
    await page.keyboard.press('j');
    await expect.poll(() => page.locator('h1.case-title').innerText()).toBe('brain/3');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('h1.case-title').innerText()).toBe('brain/2');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('3 of 7 cases');
    expect(await page.locator('select[name=organ]').inputValue()).toBe('brain');
    expect(seen.errors).toEqual([]);
  });

  it('shows markup in dataset text and model output as text, and runs none of it', async () => {
    const page = await browser.newPage();
    const seen = watchPage(page);
    await page.goto(`${viewer.url}#/run/${run.runId}?q=bold`);
    await expect.poll(() => page.locator('#case-count').innerText()).toContain('1 of 7 cases');
    expect(await page.locator('tr.case-row td.question').innerText()).toBe(`Is this <b>bold</b>? ${IMG}`);
    await page.locator('a.case-link').click();
    await expect.poll(() => page.locator('h1.case-title').innerText()).toBe('eye/2');
    expect(await page.locator('#question').innerText()).toBe(`Is this <b>bold</b>? ${IMG}`);
    expect(await page.locator('#answer-A .answer-text').innerText()).toContain(SCRIPT);
    expect(await page.locator('#answer-B .answer-text').innerText()).toContain(IMG);
    expect(await page.locator('article.trial .reason').first().innerText()).toBe(`Reason given: see ${IMG} and ${SCRIPT}`);
    expect(await page.locator('pre.raw-output').first().innerText()).toContain(IMG.replace(/"/g, '\\"'));
    // No element was made from the text: the only images are the case image, no script runs.
    expect(await page.locator('main script, main b, main img:not(#case-image)').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await pwned(page)).toBeUndefined();
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await screenshot(page, 'viewer-untrusted-text');
  });
});
