import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBuildStore } from '../../src/build/build-store.js';
import { serveAnnotate, type AnnotateServer } from '../../src/server/annotate/serve-annotate.js';
import { DIMENSIONS } from '../../src/protocol/dimensions.js';
import { jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { GRADER, RESPONDERS, SOLVERS, startBuildModels, writeFixtureItems } from './build-fixture.js';

/**
 * The whole construction on a small fixture, every step through the CLI against one fake
 * OpenAI-compatible server playing solvers, grader and response pool; annotation over real HTTP
 * with the annotators' tokens; the export read back by `mrb data validate` and `mrb run`.
 */
describe('mrb build: import -> select -> respond -> pair -> annotate -> aggregate -> export -> run', () => {
  let dir: string;
  let store: string;
  let models: FakeOpenAIServer;
  beforeAll(async () => {
    dir = tempDir('mrb-build-');
    store = join(dir, 'build.sqlite');
    models = await startBuildModels();
  });
  afterAll(async () => models.close());

  const withModels = (args: string[]) => [...args, '--store', store, '--base-url', models.baseUrl, '--max-attempts', '1'];

  it('imports the items', async () => {
    const r = await runCli(['build', 'import', writeFixtureItems(dir), '--store', store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 6 item\(s\)/);
    expect(r.stderr).toContain('import jsonl: 6/6');
  });

  it('keeps the items at most one of three solvers gets right, and reports difficulty per organ system', async () => {
    const args = withModels(['build', 'select', ...SOLVERS.flatMap((s) => ['--solver', s]), '--grader', GRADER, '--max-correct', '1']);
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kept 4 item(s) that at most 1 of 3 solver(s) answered correctly');
    expect(r.stdout).toContain('| brain | 2 | 1 | 1 | 0 | 0 | 1 | 0 |');
    expect(r.stdout).toContain('| chest | 2 | 1 | 1 | 0 | 0 | 1 | 0 |');
    const sent = models.received.length;
    // 6 items x 3 solvers, plus the grader for the 3 open items (brain-1, brain-2, abdomen-1) x 3 solvers.
    expect(sent).toBe(18 + 9);
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(models.received.length).toBe(sent);
    expect(again.stdout).toContain('kept 4 item(s)');
  });

  it('builds the response pool, stored with model names and settings, and does not ask twice', async () => {
    const args = withModels(['build', 'respond', ...RESPONDERS.flatMap((m) => ['--model', m]), '--temperature', '0.5']);
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 kept item(s) x 3 model(s): 12 answered now, 0 already stored, 0 failed');
    const again = await runCli(args);
    expect(again.stdout).toContain('0 answered now, 12 already stored');
    const s = await openBuildStore(store);
    const responses = await s.responses();
    await s.close();
    expect(responses).toHaveLength(12);
    expect(responses[0]!.settings).toMatchObject({ model: expect.stringMatching(/^resp-/), temperature: 0.5, endpoint: models.baseUrl });
  });

  it('pairs by widest quality gap with a grader, seeded and reproducible', async () => {
    const r = await runCli(withModels(['build', 'pair', '--strategy', 'max-gap', '--grader', GRADER, '--seed', '7']));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 pair(s) over 4 item(s)');
    const s = await openBuildStore(store);
    const first = await s.pairs();
    await s.close();
    // The fake grader rates alpha 9, beta 6, gamma 2: the widest gap is always alpha vs gamma.
    for (const p of first) expect([p.modelA, p.modelB].sort()).toEqual(['openai-compatible:resp-alpha', 'openai-compatible:resp-gamma']);
    // Slot A alternates between the two models.
    expect(first.filter((p) => p.modelA.endsWith('alpha'))).toHaveLength(2);
    const refused = await runCli(withModels(['build', 'pair', '--strategy', 'random', '--seed', '7']));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --replace');
  });

  let server: AnnotateServer;
  const tokens: Record<string, string> = {};
  it('creates annotators with links and assigns every pair to three of them', async () => {
    for (const [name, role] of [['Dr A', 'annotator'], ['Dr B', 'annotator'], ['Dr C', 'annotator'], ['Dr Adjudicator', 'adjudicator']]) {
      const r = await runCli(['annotate', 'add-annotator', '--name', name!, '--role', role!, '--store', store]);
      expect(r.code).toBe(0);
      tokens[name!] = /#token=([\w-]+)/.exec(r.stdout)![1]!;
    }
    const a = await runCli(['annotate', 'assign', '--per-pair', '3', '--store', store]);
    expect(a.stdout).toContain('12 new assignment(s) over 4 pair(s) and 3 annotator(s)');
    // The store keeps hashes, not tokens.
    const bytes = readFileSync(store).toString('latin1') + (existsSync(`${store}-wal`) ? readFileSync(`${store}-wal`).toString('latin1') : '');
    for (const token of Object.values(tokens)) expect(bytes).not.toContain(token);
  });

  it('takes labels over HTTP from each annotator with their token, and adjudication of a split', async () => {
    const s = await openBuildStore(store);
    server = await serveAnnotate(s, { port: 0, allowTie: true });
    try {
      const call = async (who: string | null, method: string, path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      expect((await call(null, 'GET', '/api/tasks')).status).toBe(401);
      const tasks = (await call('Dr A', 'GET', '/api/tasks')).json.tasks as Array<{ pairId: string }>;
      expect(tasks).toHaveLength(4);
      const pairs = tasks.map((t) => t.pairId);
      const plan: Record<string, string[][]> = {
        // per pair, per annotator, the six choices
        [pairs[0]!]: [Array(6).fill('A'), Array(6).fill('A'), Array(6).fill('A')],
        [pairs[1]!]: [Array(6).fill('B'), Array(6).fill('A'), Array(6).fill('B')],
        [pairs[2]!]: [['A', 'A', 'A', 'A', 'A', 'A'], ['A', 'A', 'A', 'B', 'A', 'A'], ['A', 'A', 'A', 'tie', 'A', 'A']],
        [pairs[3]!]: [['B', 'B', 'B', 'tie', 'B', 'B'], ['B', 'B', 'B', 'tie', 'B', 'B'], ['B', 'B', 'B', 'A', 'B', 'B']],
      };
      for (const [pairId, rows] of Object.entries(plan)) {
        for (const [i, who] of ['Dr A', 'Dr B', 'Dr C'].entries()) {
          for (const [j, d] of DIMENSIONS.entries()) {
            const r = await call(who, 'PUT', `/api/pairs/${pairId}/labels/${d}`, { choice: rows[i]![j] });
            expect(r.status).toBe(200);
          }
        }
      }
      const view = (await call('Dr A', 'GET', `/api/pairs/${pairs[0]}`)).json;
      expect(view.choices).toEqual(Object.fromEntries(DIMENSIONS.map((d) => [d, 'A'])));
      expect(view).not.toHaveProperty('modelA');
      expect(JSON.stringify(view)).not.toContain('resp-alpha"');
      const queue = (await call('Dr Adjudicator', 'GET', '/api/tasks')).json.tasks as Array<{ pairId: string }>;
      expect(queue.map((q) => q.pairId).sort()).toEqual([pairs[2], pairs[3]].sort());
      const adj = (await call('Dr Adjudicator', 'GET', `/api/pairs/${pairs[2]}`)).json;
      expect((adj.votes as Record<string, string[]>).creativity!.sort()).toEqual(['A', 'B', 'tie']);
      expect((await call('Dr Adjudicator', 'PUT', `/api/pairs/${pairs[2]}/labels/creativity`, { choice: 'B' })).status).toBe(200);
    } finally {
      await server.close();
      await s.close();
    }
  });

  it('aggregates: majority per dimension, agreement figures, the queue', async () => {
    const r = await runCli(['build', 'aggregate', '--store', store, '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as { counts: Record<string, number>; agreement: Record<string, { fleissKappa: number; krippendorffAlpha: number; unanimous: number }> };
    expect(result.counts).toEqual({ pairs: 4, labelled: 3, queue: 1, incomplete: 0, ties: 1 });
    // accuracy: AAA, BAB, AAA, BBB -> P = (1 + 1/3 + 1 + 1) / 4 = 5/6; p_A = 7/12, p_B = 5/12; Pe = 74/144.
    const pe = (7 / 12) ** 2 + (5 / 12) ** 2;
    expect(result.agreement.accuracy!.fleissKappa).toBeCloseTo((5 / 6 - pe) / (1 - pe), 10);
    // alpha: n = 12, D_o = 2 * (2*1)/2 = 2 off-diagonal coincidences, D_e = 2 * 7 * 5 = 70 -> 1 - 11 * 2 / 70.
    expect(result.agreement.accuracy!.krippendorffAlpha).toBeCloseTo(1 - (11 * 2) / 70, 10);
    expect(result.agreement.accuracy!.unanimous).toBe(0.75);
  });

  let bench: string;
  it('exports the official layout with a department column and a dataset card', async () => {
    bench = join(dir, 'bench');
    const r = await runCli(['build', 'export', '--out', bench, '--store', store, '--name', 'Test bench']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 case(s) written');
    expect(r.stdout).toContain('1 pair(s) left out');
    const card = readFileSync(join(bench, 'README.md'), 'utf8');
    expect(card).toContain('# Test bench');
    expect(card).toMatch(/\| accuracy \| 4 \| 75\.0% \| 0\.\d{3} \| 0\.\d{3} \|/);
    expect(card).toContain('openai-compatible:solver-1');
    expect(card).toContain('strategy `max-gap`, seed 7');
    const provenance = readFileSync(join(bench, 'provenance.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(provenance).toHaveLength(3);
    expect(provenance.filter((p) => p.adjudicated)).toHaveLength(1);
    const v = await runCli(['data', 'validate', bench]);
    expect(v.stderr).toContain('no problems');
    expect(v.code).toBe(0);
  });

  it('the exported benchmark is scored by mrb run, department included', async () => {
    const judge = await startFakeOpenAIServer(() => ({ reply: jsonVerdict('A') }));
    try {
      const out = join(dir, 'run-out');
      const r = await runCli(['run', '--data', bench, '--judge', 'openai-compatible:fake-judge', '--base-url', judge.baseUrl, '--orders', 'original', '--store', join(dir, 'runs.sqlite'), '--out', out, '--resamples', '50']);
      expect(r.code).toBe(0);
      expect(judge.received).toHaveLength(3);
      const official = readFileSync(join(out, 'official_table.csv'), 'utf8');
      expect(official).toContain('openai-compatible:fake-judge');
      const summary = readFileSync(join(out, 'summary.json'), 'utf8');
      expect(summary).toMatch(/radiology|neurology|pulmonology|gastroenterology/);
    } finally {
      await judge.close();
    }
  });

  it('exports training data in both answer orders with a split that shares no image or question', async () => {
    const out = join(dir, 'train');
    const r = await runCli(['export-train', '--data', bench, '--out', out, '--test-fraction', '0.34', '--seed', '3']);
    expect(r.code).toBe(0);
    const read = (name: string) => readFileSync(join(out, name), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const split = JSON.parse(readFileSync(join(out, 'split.json'), 'utf8')) as { train: string[]; test: string[] };
    expect(split.train.length + split.test.length).toBe(3);
    expect(split.test.length).toBeGreaterThan(0);
    const sftTrain = read('sft_train.jsonl');
    expect(sftTrain).toHaveLength(2 * split.train.length);
    const trl = [...read('trl_preference_train.jsonl'), ...read('trl_preference_test.jsonl')];
    const trainImages = new Set(read('trl_preference_train.jsonl').map((e) => e.images[0]));
    for (const e of read('trl_preference_test.jsonl')) expect(trainImages.has(e.images[0])).toBe(false);
    for (const uid of [...split.train, ...split.test]) expect(trl.filter((e) => e.case === uid).map((e) => e.order).sort()).toEqual(['AB', 'BA']);
    const dpo = read('dpo_train.jsonl')[0]!;
    const chosen = JSON.parse(dpo.chosen.content) as Record<string, string>;
    const rejected = JSON.parse(dpo.rejected.content) as Record<string, string>;
    for (const d of DIMENSIONS) expect(rejected[d]).toBe(chosen[d] === 'A' ? 'B' : 'A');
    expect(dpo.messages[0].content.startsWith('<image>You are an expert medical vision-language evaluator.')).toBe(true);
    expect(existsSync(join(out, dpo.images[0]))).toBe(true);
    const info = JSON.parse(readFileSync(join(out, 'dataset_info.json'), 'utf8')) as Record<string, any>;
    expect(info.mrb_judge_dpo_train.ranking).toBe(true);
    const v = await runCli(['data', 'validate', join(out, 'test_dataset')]);
    expect(v.code).toBe(0);
  });
});
