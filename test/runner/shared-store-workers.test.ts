import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { freshPostgresUrl, hasPostgres } from '../fakes/postgres-database.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await server?.close();
  server = undefined;
});

const stderrOf = new WeakMap<ChildProcess, string[]>();
function track(child: ChildProcess): ChildProcess {
  const chunks: string[] = [];
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
  stderrOf.set(child, chunks);
  return child;
}
/** What the workers said, to read when their exit codes are not what a test expects. */
function stderrOfAll(children: readonly ChildProcess[]): string {
  return children.map((c, i) => `--- worker ${i}:\n${(stderrOf.get(c) ?? []).join('')}`).join('\n');
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stderrOfAll(children)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function runExists(store: string, runId: string): Promise<boolean> {
  const s = await openStore(store);
  try {
    return (await s.runResults(runId)).length > 0;
  } finally {
    await s.close();
  }
}

describe.skipIf(!hasPostgres())('several workers on one run through a PostgreSQL store', () => {
  it('three workers finish the run together with every trial sent exactly once', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 20, lung: 20 });
    const work = tempDir();
    const store = await freshPostgresUrl();
    // Replies are held until all three workers hold claims, so each gets a share however slowly
    // the machine starts processes.
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B'), delayMs: 20, until: allStarted }));
    const first = track(spawnCli(['run', '--data', root, '--judge', 'openai-compatible:vlm', '--base-url', server.baseUrl, '--store', store, '--run', 'shared', '--concurrency', '3', '--out', join(work, 'out')], { cwd: work }));
    children.push(first);
    await until(() => runExists(store, 'shared'), 'the run to be planned');
    // The joiners name their own server (here the same one) and take their settings from the store.
    const joiners = [0, 1].map(() => track(spawnCli(['run', '--join', 'shared', '--store', store, '--base-url', server!.baseUrl, '--concurrency', '3', '--out', join(work, 'joined')], { cwd: work })));
    children.push(...joiners);
    await until(async () => {
      const s = await openStore(store);
      try {
        return (await s.workerClaims('shared')).filter((w) => w.claimed > 0).length === 3;
      } finally {
        await s.close();
      }
    }, 'three workers to hold claims', 60_000);
    release();
    const codes = await Promise.all([first, ...joiners].map(exited));
    expect(codes, stderrOfAll([first, ...joiners])).toEqual([0, 0, 0]);

    const counts = [...server.countsByText().values()];
    expect(counts).toHaveLength(rows.length * 2);
    expect(counts.every((n) => n === 1)).toBe(true);
    const s = await openStore(store);
    try {
      const results = await s.runResults('shared');
      expect(results).toHaveLength(rows.length * 2);
      expect(results.every((r) => r.judgment?.rawOutput)).toBe(true);
      const workers = await s.workerClaims('shared');
      expect(workers.filter((w) => w.done > 0).length).toBeGreaterThanOrEqual(2);
      expect(workers.reduce((sum, w) => sum + w.done, 0)).toBe(rows.length * 2);
      expect((await s.getRun('shared'))?.status).toBe('completed');
    } finally {
      await s.close();
    }
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    const status = await runCli(['status', 'shared', '--store', store]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`openai-compatible:vlm\t${rows.length * 2}\t${rows.length * 2} (100.0%)\t0\t0`);
  }, 180_000);

  it('a worker killed mid-run leaves its trials to the others, and nothing finished is sent twice', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 15, lung: 15 });
    const work = tempDir();
    const store = await freshPostgresUrl();
    const verdict = (text: string) => jsonVerdict(firstAnswer(text).startsWith('GOOD') ? 'A' : 'B');
    // The others' replies wait until the victim holds claims, so it always gets a share however
    // slowly the machine starts processes.
    let victimIn!: () => void;
    const victimHasClaims = new Promise<void>((resolve) => (victimIn = resolve));
    server = await startFakeOpenAIServer((req) => ({ reply: verdict(req.text), delayMs: 50, until: victimHasClaims }));
    // The victim's own replica answers two requests, then hangs: it dies with work in hand.
    let answered = 0;
    const hang = new Promise<void>(() => {});
    const victimServer = await startFakeOpenAIServer((req) => (answered++ < 2 ? { reply: verdict(req.text) } : { reply: verdict(req.text), until: hang }));
    try {
      const env = { MRB_CLAIM_TTL_MS: '1500' };
      const first = track(spawnCli(['run', '--data', root, '--judge', 'openai-compatible:vlm', '--base-url', server.baseUrl, '--store', store, '--run', 'shared', '--concurrency', '2', '--out', join(work, 'out')], { cwd: work, env }));
      children.push(first);
      await until(() => runExists(store, 'shared'), 'the run to be planned', 60_000);
      const victim = track(spawnCli(['run', '--join', 'shared', '--store', store, '--base-url', victimServer.baseUrl, '--concurrency', '4'], { cwd: work, env }));
      const helper = track(spawnCli(['run', '--join', 'shared', '--store', store, '--base-url', server.baseUrl, '--concurrency', '2'], { cwd: work, env }));
      children.push(victim, helper);
      const victimClaims = async () => {
        const s = await openStore(store);
        try {
          return (await s.workerClaims('shared')).find((w) => w.pid === victim.pid);
        } finally {
          await s.close();
        }
      };
      await until(async () => ((await victimClaims())?.claimed ?? 0) > 0, 'the victim to hold claims', 60_000);
      victimIn();
      // Two answered, and its four slots all hang at its replica: from then on it claims nothing more.
      await until(async () => {
        const mine = await victimClaims();
        return mine !== undefined && mine.done === 2 && victimServer.received.length >= 2 + 4;
      }, 'the victim to be mid-work', 60_000);
      const inHand = (await victimClaims())!.claimed;
      expect(inHand).toBeGreaterThanOrEqual(4);
      victim.kill('SIGKILL');
      const codes = await Promise.all([first, helper].map(exited));
      expect(codes, stderrOfAll([first, helper])).toEqual([0, 0]);

      const atOthers = server.countsByText();
      const atVictim = victimServer.countsByText();
      // The others never send a trial twice, and nothing the victim finished goes out again.
      expect([...atOthers.values()].every((n) => n === 1)).toBe(true);
      const finishedByVictim = [...atVictim.keys()].filter((text) => !atOthers.has(text));
      expect(finishedByVictim).toHaveLength(2);
      // Every trial went out; only what the victim had in hand went out twice.
      expect(new Set([...atOthers.keys(), ...atVictim.keys()]).size).toBe(rows.length * 2);
      const twice = [...atVictim.keys()].filter((text) => atOthers.has(text));
      expect(twice.length).toBeGreaterThan(0);
      expect(twice.length).toBeLessThanOrEqual(inHand);
      const s = await openStore(store);
      try {
        const results = await s.runResults('shared');
        expect(results).toHaveLength(rows.length * 2);
        expect(results.every((r) => r.judgment?.rawOutput)).toBe(true);
        expect((await s.getRun('shared'))?.status).toBe('completed');
      } finally {
        await s.close();
      }
    } finally {
      await victimServer.close();
    }
  }, 180_000);

  it('copies a run SQLite -> PostgreSQL -> SQLite with identical reports', async () => {
    const { root } = writeFixtureDataset({ brain: 4, lung: 4 });
    const work = tempDir();
    server = await startFakeOpenAIServer((req) => ({ reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B') }));
    const sqlite = join(work, 'a.sqlite');
    const made = await runCli(['run', '--data', root, '--judge', 'openai-compatible:vlm', '--judge', 'baseline:random', '--base-url', server.baseUrl, '--store', sqlite, '--run', 'r1', '--out', join(work, 'made')]);
    expect(made.code, made.stderr).toBe(0);
    const pg = await freshPostgresUrl();
    const there = await runCli(['store', 'copy', '--from', sqlite, '--to', pg]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain('r1: 8 cases, 32 trials, 32 judgments');
    const back = join(work, 'b.sqlite');
    expect((await runCli(['store', 'copy', '--from', pg, '--to', back, '--run', 'r1'])).code).toBe(0);
    const report = async (store: string, out: string) => {
      const r = await runCli(['score', '--run', 'r1', '--store', store, '--out', join(work, out), '--resamples', '200']);
      expect(r.code, r.stderr).toBe(0);
      return ['official_table.csv', 'summary.json', 'judgments.jsonl'].map((f) => readFileSync(join(work, out, f), 'utf8'));
    };
    const original = await report(sqlite, 's1');
    expect(await report(pg, 's2')).toEqual(original);
    expect(await report(back, 's3')).toEqual(original);
    const leaderboards = await Promise.all([sqlite, pg, back].map((store) => runCli(['leaderboard', '--store', store, '--format', 'csv'])));
    expect(new Set(leaderboards.map((l) => l.stdout)).size).toBe(1);
    // Compare and the HTML report read PostgreSQL exactly as SQLite.
    const compare = (store: string) => runCli(['compare', 'r1:openai-compatible:vlm', 'r1:baseline:random', '--store', store, '--format', 'json', '--resamples', '200']);
    const [onSqlite, onPg] = await Promise.all([compare(sqlite), compare(pg)]);
    expect(onPg.code, onPg.stderr).toBe(0);
    expect(onPg.stdout).toBe(onSqlite.stdout);
    expect(JSON.parse(onPg.stdout)).toBeTruthy();
    const htmlOf = async (store: string, name: string) => {
      const r = await runCli(['report', '--run', 'r1', '--store', store, '--resamples', '200', '--out', join(work, name)]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(work, name), 'utf8');
    };
    const [htmlSqlite, htmlPg] = [await htmlOf(sqlite, 'a.html'), await htmlOf(pg, 'b.html')];
    expect(htmlPg).toContain('<svg');
    // Charts compared by what they show (vega numbers its element ids per process); the time of
    // writing aside, the rest must be the same text.
    const stable = (html: string) =>
      html
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '')
        .replace(/<svg[\s\S]*?<\/svg>/g, (svg) => [...svg.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]).join('|'));
    const [a, b] = [stable(htmlSqlite), stable(htmlPg)];
    const at = [...a].findIndex((ch, i) => ch !== b[i]);
    expect(at === -1 && a.length === b.length, `reports differ at ${at}:\n${a.slice(at - 300, at + 300)}\n---\n${b.slice(at - 300, at + 300)}`).toBe(true);
    const missing = await runCli(['store', 'copy', '--from', sqlite, '--to', back, '--run', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no run nope');
  });
});
