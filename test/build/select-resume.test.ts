import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';
import { SOLVERS, writeFixtureItems } from './build-fixture.js';

let models: FakeOpenAIServer | undefined;
afterAll(async () => models?.close());

describe('mrb build select stopped with Ctrl-C', () => {
  it('exits 130 keeping what was answered; the same command finishes without asking anything twice', { timeout: 120_000 }, async () => {
    const work = tempDir('mrb-select-resume-');
    const store = join(work, 'build.sqlite');
    expect((await runCli(['build', 'import', writeFixtureItems(work), '--store', store])).code).toBe(0);
    models = await startFakeOpenAIServer(({ body }) => ({ reply: `no (${body.model})`, delayMs: 150 }));
    // Only the closed items: no grader needed. Three of the six fixture items are closed.
    const args = ['build', 'select', ...SOLVERS.flatMap((s) => ['--solver', s]), '--max-correct', '1', '--store', store, '--base-url', models.baseUrl, '--concurrency', '1'];
    const open = await runCli(args);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain('item(s) have open answers: pass --grader');

    const withGrader = [...args, '--grader', SOLVERS[0]!];
    const child = spawnCli(withGrader, { cwd: work });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    while (models.received.length < 4) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const sentBefore = models.received.length;
    // Solvers share prompts: a request is one model asked one prompt.
    const counts = () => {
      const m = new Map<string, number>();
      for (const r of models!.received) m.set(`${r.body.model}\0${r.text}`, (m.get(`${r.body.model}\0${r.text}`) ?? 0) + 1);
      return m;
    };

    const again = await runCli(withGrader);
    expect(again.code).toBe(0);
    // Every distinct request was sent once, apart from the one in flight at Ctrl-C.
    const repeated = [...counts().values()].filter((n) => n > 1);
    expect(repeated.length).toBeLessThanOrEqual(1);
    expect(models.received.length).toBeGreaterThan(sentBefore);
    // 6 items x 3 solvers, and the grader for 3 open items x 3 solvers, each asked once (one maybe twice).
    expect(counts().size).toBe(18 + 9);
    expect(again.stdout).toMatch(/kept \d+ item\(s\)/);
  });
});
