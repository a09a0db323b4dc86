import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli, spawnCli } from '../fakes/run-cli.js';

const KEY = 'sk-mrb-FAKE-KEY-9f8e7d6c5b4a3210';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.MRB_SECRET_KEY;
});

describe('an API key', () => {
  it('appears in no file of the store or the outputs, no log line and no error message', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 3 });
    // The server uses the key, echoes it in its errors for one case, and answers the rest.
    const echoed = rows[0]!.question;
    server = await startFakeOpenAIServer((req) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) return { status: 401, body: { error: { message: 'no key' } } };
      if (req.text.includes(echoed)) return { status: 400, body: { error: { message: `Incorrect request for key ${KEY}; key-${KEY.slice(3)}` } } };
      return { reply: jsonVerdict(firstAnswer(req.text).startsWith('GOOD') ? 'A' : 'B') };
    });
    const work = tempDir();
    process.env.MRB_SECRET_KEY = KEY;
    const args = ['run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--api-key-env', 'MRB_SECRET_KEY', '--store', join(work, 'store.sqlite'), '--out', join(work, 'out')];

    const inProcess = await runCli(args);
    expect(inProcess.code).toBe(1);
    // As a separate process too, with everything it prints captured as its log.
    const child = spawnCli([...args.slice(0, -2), '--out', join(work, 'out2')], { cwd: work, env: { MRB_SECRET_KEY: KEY, MRB_PROGRESS_INTERVAL_MS: '10' } });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    for (const scored of ['score', 'compare', 'leaderboard']) {
      const args2 = scored === 'compare' ? ['compare', 'openai-compatible:m', 'openai-compatible:m'] : scored === 'score' ? ['score', '--run', /run (run-[0-9a-f]+)/.exec(inProcess.stderr)![1]!, '--out', join(work, 'score-out')] : ['leaderboard', '--format', 'json'];
      const r = await runCli([...args2, '--store', join(work, 'store.sqlite')]);
      log += r.stdout + r.stderr;
    }

    expect(server.received.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(inProcess.stderr).toContain('[redacted]');
    const secretParts = [KEY, KEY.slice(3)];
    for (const text of [inProcess.stdout, inProcess.stderr, log]) for (const part of secretParts) expect(text).not.toContain(part);
    const files = filesUnder(work);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const part of secretParts) expect(bytes.includes(part), `${file} holds the key`).toBe(false);
    }
  });
});
