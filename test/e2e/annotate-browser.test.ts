import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/build/aggregate.js';
import { AnnotationStore } from '../../src/build/annotation-store.js';
import { openBuildStore, type BuildStore } from '../../src/build/build-store.js';
import { importTable } from '../../src/build/import-table.js';
import { modelClient } from '../../src/build/model-client.js';
import { pairResponses } from '../../src/build/pair-responses.js';
import { respond } from '../../src/build/respond.js';
import { selectItems } from '../../src/build/select-items.js';
import { serveAnnotate, type AnnotateServer } from '../../src/server/annotate/serve-annotate.js';
import { DIMENSIONS } from '../../src/protocol/dimensions.js';
import type { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { GRADER, RESPONDERS, SOLVERS, startBuildModels, writeFixtureItems } from '../build/build-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The annotation app in real headless Chromium against a real server and SQLite file: two
 * physicians label with their links (keyboard and mouse), a third without a token is refused,
 * the server restarts in the middle and nothing is lost, and the agreement figures the admin page
 * shows are the ones computed by hand below.
 */
describe.skipIf(!existsSync(CHROMIUM))('annotation in the browser', () => {
  let dir: string;
  let storePath: string;
  let store: BuildStore;
  let server: AnnotateServer;
  let models: FakeOpenAIServer;
  let browser: BrowserContext;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mrb-annotate-'));
    storePath = join(dir, 'build.sqlite');
    models = await startBuildModels();
    const defaults = { baseUrl: models.baseUrl, temperature: 0, maxTokens: 100, timeoutMs: 5000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };
    store = await openBuildStore(storePath);
    await importTable(store, writeFixtureItems(dir));
    await selectItems(store, { solvers: SOLVERS.map((s) => modelClient(s, defaults)), grader: modelClient(GRADER, defaults), maxCorrect: 1, concurrency: 4 });
    await respond(store, { models: RESPONDERS.map((m) => modelClient(m, defaults)), concurrency: 4 });
    await pairResponses(store, { strategy: 'random', seed: 3, pairsPerItem: 1, concurrency: 1 });
    const annotations = new AnnotationStore(store.db);
    for (const name of ['Dr Ana Ruiz', 'Dr Ben Okafor', 'Dr Chen Wei']) tokens[name] = (await annotations.createAnnotator(name, 'annotator')).token;
    tokens.admin = (await annotations.createAnnotator('Study admin', 'admin')).token;
    await annotations.assign(3);
    server = await serveAnnotate(store, { port: 0, allowTie: true });
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1440, height: 960 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    await models?.close();
  });

  async function openAs(who: string | null, path = '/annotate'): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await page.goto(`${server.url}${path}${who ? `#token=${tokens[who]}` : ''}`);
    return page;
  }

  const saved = (page: Page) => expect.poll(() => page.locator('#saved').textContent()).toBe('All changes saved');
  const pressed = async (page: Page) =>
    Object.fromEntries(await Promise.all(DIMENSIONS.map(async (d) => [d, await page.locator(`button.chosen[data-dim=${d}]`).getAttribute('data-choice').catch(() => null)])));

  it('the first physician labels two pairs with the keyboard; answers are shown as text, never run', async () => {
    const page = await openAs('Dr Ana Ruiz');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Dr Ana Ruiz');
    await expect.poll(() => page.locator('#progress').textContent()).toBe('0 of 4 pairs complete');
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.locator('#answerA').textContent()).toContain('<script>window.pwned = 1</script>');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await expect.poll(() => page.locator('#image').evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0)).toBe(true);
    expect(await page.locator('#image').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(192);

    await page.keyboard.press('+');
    expect(await page.locator('#image').getAttribute('style')).toContain('scale(1.25)');
    await page.locator('#contrast').fill('2');
    expect(await page.locator('#image').getAttribute('style')).toContain('contrast(2)');
    await page.locator('#contrast').blur();

    for (let i = 0; i < 6; i++) await page.keyboard.press('a');
    await saved(page);
    expect(await pressed(page)).toEqual(Object.fromEntries(DIMENSIONS.map((d) => [d, 'A'])));
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('#jump').inputValue()).toBe('1');
    for (let i = 0; i < 6; i++) await page.keyboard.press('b');
    await page.locator('#comment').fill('Left side: <b>check</b> the "old" film');
    await saved(page);
    await expect.poll(() => page.locator('#progress').textContent()).toBe('2 of 4 pairs complete');
    await page.screenshot({ path: join(dir, 'annotate.png') });
    await page.close();
  });

  it('a person without a token, or with a wrong one, sees no case and gets no data', async () => {
    const page = await openAs(null);
    await expect.poll(() => page.locator('.refused h1').textContent()).toBe('No access');
    await expect.poll(() => page.locator('#question').count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/tasks')).status);
    expect(status).toBe(401);
    const image = await page.evaluate(async () => (await fetch('/api/pairs/x/image')).status);
    expect(image).toBe(401);
    await page.close();
    const wrong = await browser.newPage();
    await wrong.goto(`${server.url}/annotate#token=${'x'.repeat(43)}`);
    await expect.poll(() => wrong.locator('.refused').textContent()).toContain('this link is not valid');
    await expect.poll(() => wrong.locator('#question').count()).toBe(0);
    await wrong.close();
  });

  it('the server restarts; nothing is lost', async () => {
    await server.close();
    await store.close();
    store = await openBuildStore(storePath);
    server = await serveAnnotate(store, { port: 0, allowTie: true });
    const page = await openAs('Dr Ana Ruiz');
    await expect.poll(() => page.locator('#progress').textContent()).toBe('2 of 4 pairs complete');
    // It opens at the first unfinished pair; go back to the second to revisit it.
    await page.locator('#jump').selectOption('1');
    await expect.poll(() => page.locator('#comment').inputValue()).toBe('Left side: <b>check</b> the "old" film');
    expect(await pressed(page)).toEqual(Object.fromEntries(DIMENSIONS.map((d) => [d, 'B'])));
    await page.close();
  });

  it('the second physician labels the same pairs with the mouse, changing one choice on the way', async () => {
    const page = await openAs('Dr Ben Okafor');
    const plan = [
      ['A', 'B', 'A', 'A', 'tie', 'A'],
      ['A', 'B', 'B', 'B', 'B', 'B'],
    ];
    for (const [p, choices] of plan.entries()) {
      await page.locator('#jump').selectOption(String(p));
      await expect.poll(() => page.locator('#jump').inputValue()).toBe(String(p));
      for (const [i, d] of DIMENSIONS.entries()) {
        if (i === 0 && p === 0) await page.locator(`button[data-dim=${d}][data-choice=B]`).click();
        await page.locator(`button[data-dim=${d}][data-choice=${choices[i]}]`).click();
      }
      await saved(page);
      expect(await pressed(page)).toEqual(Object.fromEntries(DIMENSIONS.map((d, i) => [d, choices[i]])));
    }
    await page.close();
  });

  it('agreement per dimension matches the hand computation, in the store and on the admin page', async () => {
    // Units per dimension (pair 1, pair 2), two raters each:
    //   accuracy [A,A] [B,A]; relevance [A,B] [B,B]: P = 1/2, Pe = (3/4)^2 + (1/4)^2 = 5/8 -> kappa = -1/3;
    //     alpha: n = 4, D_o = 2, D_e = 2 * 3 * 1 = 6 -> 1 - 3 * 2 / 6 = 0.
    //   comprehensiveness, creativity, overall [A,A] [B,B]: kappa = alpha = 1.
    //   responsiveness [A,tie] [B,B]: P = 1/2, Pe = 1/16 + 1/16 + 4/16 = 3/8 -> kappa = 0.2;
    //     alpha: D_o = 2, D_e = 2 * (1*1 + 1*2 + 1*2) = 10 -> 1 - 3 * 2 / 10 = 0.4.
    const expected = {
      accuracy: [-1 / 3, 0],
      relevance: [-1 / 3, 0],
      comprehensiveness: [1, 1],
      creativity: [1, 1],
      responsiveness: [0.2, 0.4],
      overall: [1, 1],
    } as const;
    const result = await aggregate(store);
    for (const d of DIMENSIONS) {
      expect(result.agreement[d].units).toBe(2);
      expect(result.agreement[d].fleissKappa).toBeCloseTo(expected[d][0], 10);
      expect(result.agreement[d].krippendorffAlpha).toBeCloseTo(expected[d][1], 10);
    }
    // Majority of three assigned needs two votes: pair 1 accuracy A, pair 2 relevance B; the rest wait for Dr Chen Wei.
    expect(result.pairs[0]!.dimensions.accuracy).toMatchObject({ status: 'majority', choice: 'A' });
    expect(result.pairs[0]!.dimensions.relevance.status).toBe('incomplete');

    const page = await openAs('admin', '/admin');
    await expect.poll(() => page.locator('#agreement tr').count()).toBe(6);
    const rows = await page.locator('#agreement tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
    expect(rows).toEqual([
      ['accuracy', '2', '50%', '-0.333', '0.000'],
      ['relevance', '2', '50%', '-0.333', '0.000'],
      ['comprehensiveness', '2', '100%', '1.000', '1.000'],
      ['creativity', '2', '100%', '1.000', '1.000'],
      ['responsiveness', '2', '50%', '0.200', '0.400'],
      ['overall', '2', '100%', '1.000', '1.000'],
    ]);
    await expect.poll(() => page.locator('#people').textContent()).toContain('Dr Ana Ruiz');
    await page.screenshot({ path: join(dir, 'admin.png'), fullPage: true });
    // An annotator's link does not open the admin API.
    const annotatorPage = await openAs('Dr Chen Wei');
    const status = await annotatorPage.evaluate(async (t) => (await fetch('/api/admin/overview', { headers: { authorization: `Bearer ${t}` } })).status, tokens['Dr Chen Wei']!);
    expect(status).toBe(403);
    await annotatorPage.close();
    await page.close();
  });

  it('the admin adds people with the form; an adjudicator settles a split vote in the browser', async () => {
    const admin = await openAs('admin', '/admin');
    await expect.poll(() => admin.locator('#people tr').count()).toBe(4);
    const linkOf = async (name: string, role: string) => {
      await admin.locator('#name').fill(name);
      await admin.locator('#role').selectOption(role);
      await admin.locator('#add button[type=submit]').click();
      await expect.poll(() => admin.locator('#newname').textContent()).toBe(name);
      return (await admin.locator('#link').textContent())!;
    };
    const dana = await linkOf('Dr Dana Cruz', 'annotator');
    expect(dana).toMatch(new RegExp(`^${server.url}/annotate#token=[\\w-]{43}$`));
    const judge = await linkOf('Dr Eve Adler', 'adjudicator');
    await admin.locator('#perpair').fill('4');
    await admin.locator('#assign button[type=submit]').click();
    await expect.poll(() => admin.locator('#assigned').textContent()).toBe('4 new assignment(s) over 4 pairs and 4 annotators.');
    tokens['Dr Dana Cruz'] = /token=([\w-]+)/.exec(dana)![1]!;
    tokens['Dr Eve Adler'] = /token=([\w-]+)/.exec(judge)![1]!;

    // Four annotators on the third pair: everyone A, except overall split A / B / equal / B (B short of 3 of 4).
    const pairId = (await new AnnotationStore(store.db).tasks((await new AnnotationStore(store.db).byToken(tokens['Dr Ana Ruiz']!))!.id))[2]!.pairId;
    const overall: Record<string, string> = { 'Dr Ana Ruiz': 'A', 'Dr Ben Okafor': 'B', 'Dr Chen Wei': 'tie', 'Dr Dana Cruz': 'B' };
    for (const [who, last] of Object.entries(overall)) {
      for (const d of DIMENSIONS) {
        const r = await fetch(`${server.url}/api/pairs/${pairId}/labels/${d}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ choice: d === 'overall' ? last : 'A' }),
        });
        expect(r.status).toBe(200);
      }
    }
    expect((await aggregate(store)).pairs.find((o) => o.pair.pairId === pairId)!.dimensions.overall.status).toBe('split');

    const page = await openAs('Dr Eve Adler');
    await expect.poll(() => page.locator('#who').textContent()).toBe('Dr Eve Adler (adjudicator)');
    await expect.poll(() => page.locator('#progress').textContent()).toBe('1 pair(s) to adjudicate');
    await expect.poll(() => page.locator('li[data-dim=overall] .votes').textContent()).toBe('Annotators: A, B, equal, B · needs your decision');
    expect(await page.locator('li.contested').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-dim')))).toEqual(['overall']);
    expect(await page.locator('#adjudication').isVisible()).toBe(true);
    expect(await page.locator('#comment').isVisible()).toBe(false);
    await page.screenshot({ path: join(dir, 'adjudicate.png'), fullPage: true });
    await page.locator('button[data-dim=overall][data-choice=B]').click();
    await saved(page);
    const outcome = (await aggregate(store)).pairs.find((o) => o.pair.pairId === pairId)!;
    expect(outcome.dimensions.overall).toMatchObject({ status: 'adjudicated', choice: 'B' });
    expect(outcome.labels).toEqual({ accuracy: 'A', relevance: 'A', comprehensiveness: 'A', creativity: 'A', responsiveness: 'A', overall: 'B' });
    await page.close();
    await admin.close();
  });
});
