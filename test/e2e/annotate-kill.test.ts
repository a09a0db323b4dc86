import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnotationStore } from '../../src/build/annotation-store.js';
import { openBuildStore } from '../../src/build/build-store.js';
import { importTable } from '../../src/build/import-table.js';
import { modelClient } from '../../src/build/model-client.js';
import { pairResponses } from '../../src/build/pair-responses.js';
import { respond } from '../../src/build/respond.js';
import { selectItems } from '../../src/build/select-items.js';
import { DIMENSIONS } from '../../src/protocol/dimensions.js';
import type { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { spawnCli } from '../fakes/run-cli.js';
import { GRADER, RESPONDERS, SOLVERS, startBuildModels, writeFixtureItems } from '../build/build-fixture.js';

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => { stdout: string; stderr: string };
}

/** Starts `mrb annotate serve` as its own process and waits for the address it prints. */
async function serve(work: string, store: string): Promise<Served> {
  const child = spawnCli(['annotate', 'serve', '--port', '0', '--store', store], { cwd: work });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 30_000;
  // Ready once it has said where it listens and how the administrator gets in.
  while (!/annotation app on (http:\/\/127\.0\.0\.1:\d+)/.test(stderr) || !(stdout.includes('administrator link') || stderr.includes('administrator page'))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, url: /annotation app on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)![1]!, output: () => ({ stdout, stderr }) };
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('mrb annotate serve killed with SIGKILL mid-study', () => {
  let work: string;
  let store: string;
  let models: FakeOpenAIServer;
  let token: string;
  let running: Served | undefined;

  beforeAll(async () => {
    work = tempDir('mrb-annotate-kill-');
    store = join(work, 'build.sqlite');
    models = await startBuildModels();
    const defaults = { baseUrl: models.baseUrl, temperature: 0, maxTokens: 100, timeoutMs: 5000, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };
    const s = await openBuildStore(store);
    await importTable(s, writeFixtureItems(work));
    await selectItems(s, { solvers: SOLVERS.map((m) => modelClient(m, defaults)), grader: modelClient(GRADER, defaults), maxCorrect: 1, concurrency: 4 });
    await respond(s, { models: RESPONDERS.map((m) => modelClient(m, defaults)), concurrency: 4 });
    await pairResponses(s, { strategy: 'all', seed: 0, pairsPerItem: 1, concurrency: 1 });
    const annotations = new AnnotationStore(s.db);
    token = (await annotations.createAnnotator('Dr Kill', 'annotator')).token;
    await annotations.assign(1);
    await s.close();
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    await models.close();
  });

  it('keeps every acknowledged choice and comment; the admin link is printed once; tokens never reach the log', { timeout: 120_000 }, async () => {
    running = await serve(work, store);
    expect(running.output().stdout).toMatch(/administrator link \(keep it private, shown only now\): http:\/\/127\.0\.0\.1:\d+\/admin#token=[\w-]{43}/);
    const call = (url: string, method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const tasks = ((await (await call(running.url, 'GET', '/api/tasks')).json()) as { tasks: Array<{ pairId: string }> }).tasks;
    expect(tasks.length).toBe(12);

    // Choices sent concurrently; the server is killed the instant the last acknowledgement arrives.
    const acknowledged = new Map<string, string>();
    const sends = tasks.flatMap(({ pairId }, p) =>
      DIMENSIONS.map(async (d, i) => {
        const choice = (p + i) % 3 === 0 ? 'tie' : (p + i) % 2 === 0 ? 'A' : 'B';
        const r = await call(running!.url, 'PUT', `/api/pairs/${pairId}/labels/${d}`, { choice });
        if (r.status === 200) acknowledged.set(`${pairId}/${d}`, choice);
      }),
    );
    const comment = call(running.url, 'PUT', `/api/pairs/${tasks[0]!.pairId}/comment`, { comment: 'Findings "unclear" <i>here</i>' });
    await Promise.all([...sends, comment]);
    expect((await comment).status).toBe(200);
    running.child.kill('SIGKILL');
    await killed(running.child);
    expect(acknowledged.size).toBe(12 * 6);
    const firstLog = running.output().stderr;

    running = await serve(work, store);
    expect(running.output().stdout).not.toContain('token=');
    expect(running.output().stderr).toContain('administrator page');
    for (const { pairId } of tasks) {
      const view = (await (await call(running.url, 'GET', `/api/pairs/${pairId}`)).json()) as { choices: Record<string, string>; comment: string };
      for (const d of DIMENSIONS) expect(view.choices[d], `${pairId} ${d}`).toBe(acknowledged.get(`${pairId}/${d}`));
      if (pairId === tasks[0]!.pairId) expect(view.comment).toBe('Findings "unclear" <i>here</i>');
    }
    for (const log of [firstLog, running.output().stderr]) expect(log).not.toContain(token);
    // A page elsewhere reaching the app through a name pointed at 127.0.0.1 (DNS rebinding) is refused.
    const port = Number(new URL(running.url).port);
    const status = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port, path: '/api/me', headers: { host: `evil.example:${port}`, authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(status).toBe(421);
    running.child.kill('SIGTERM');
    await killed(running.child);
  });
});
