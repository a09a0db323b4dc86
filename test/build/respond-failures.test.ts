import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { GRADER, RESPONDERS, SOLVERS, startBuildModels, writeFixtureItems } from './build-fixture.js';

let models: FakeOpenAIServer | undefined;
let flaky: FakeOpenAIServer | undefined;
afterAll(async () => {
  await models?.close();
  await flaky?.close();
});

describe('mrb build respond when a model fails', () => {
  it('records the failures, exits 1, and the same command asks only for what failed', async () => {
    const work = tempDir('mrb-respond-fail-');
    const store = join(work, 'build.sqlite');
    models = await startBuildModels();
    expect((await runCli(['build', 'import', writeFixtureItems(work), '--store', store])).code).toBe(0);
    const select = await runCli(['build', 'select', ...SOLVERS.flatMap((s) => ['--solver', s]), '--grader', GRADER, '--store', store, '--base-url', models.baseUrl]);
    expect(select.code).toBe(0);

    // resp-gamma lives on its own server, which fails (500) until it is mended.
    let broken = true;
    flaky = await startFakeOpenAIServer(({ text }) => (broken ? { status: 500 } : { reply: `From resp-gamma: ${text}` }));
    const pool = [RESPONDERS[0]!, RESPONDERS[1]!, `openai-compatible:resp-gamma@${flaky.baseUrl}`].flatMap((m) => ['--model', m]);
    // Retries back off for 1 ms here, not seconds (vitest runs each file in its own process).
    process.env.MRB_RETRY_BASE_MS = '1';
    const args = ['build', 'respond', ...pool, '--store', store, '--base-url', models.baseUrl, '--max-attempts', '2'];
    const first = await runCli(args);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('4 kept item(s) x 3 model(s): 8 answered now, 0 already stored, 4 failed');
    expect(first.stderr).toMatch(/failed: \S+: openai-compatible:resp-gamma: 500 fake error 500 \(after 2 attempt\(s\)\)/);
    expect(flaky.received).toHaveLength(8);

    const status = await runCli(['build', 'status', '--store', store]);
    expect(status.stdout).toContain('responses: 8 answered, 4 failed');

    broken = false;
    const sentToOthers = models.received.length;
    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('4 answered now, 8 already stored, 0 failed');
    expect(models.received.length).toBe(sentToOthers);
    expect(flaky.received).toHaveLength(12);

    const pg = await runCli(['build', 'status', '--store', 'postgres://u:secret@127.0.0.1:1/db']);
    expect(pg.code).toBe(2);
    expect(pg.stderr).toContain('a build store is a SQLite file');
    expect(pg.stderr).not.toContain('secret');
  });
});
