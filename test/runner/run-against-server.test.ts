import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paperPrompt } from '../../src/protocol/paper-prompt.js';
import { openStore } from '../../src/store/open-store.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

// A judge that picks the slot holding the "GOOD" answer: right on every case, in both orders.
const pickGood = (text: string) => ({ reply: jsonVerdict(firstAnswer(text).startsWith('GOOD') ? 'A' : 'B') });

let server: FakeOpenAIServer | undefined;
let work: string;
beforeEach(() => {
  work = tempDir();
  process.env.MRB_RETRY_BASE_MS = '50';
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const judgeArgs = (data: string, extra: string[] = []) => [
  'run',
  '--data', data,
  '--judge', 'openai-compatible:fake-vlm',
  '--base-url', server!.baseUrl,
  '--store', join(work, 'store.sqlite'),
  '--out', join(work, 'out'),
  ...extra,
];

describe('mrb run against an OpenAI-compatible server', () => {
  it('sends the paper prompt with the image first, then scores every case', async () => {
    const { root, rows } = writeFixtureDataset({ brain: 3, chest: 2 });
    server = await startFakeOpenAIServer((req) => pickGood(req.text));
    const result = await runCli(judgeArgs(root));
    expect(result.code, result.stderr).toBe(0);
    expect(server.received).toHaveLength(rows.length * 2);

    const first = server.received.find((r) => r.text.includes(rows[0]!.question))!;
    expect(first.body.temperature).toBe(0.1);
    expect(first.body.max_tokens).toBe(4096);
    const [image, text] = first.body.messages[0]!.content;
    expect(image!.type).toBe('image_url');
    expect(image!.image_url!.url).toMatch(/^data:image\/png;base64,iVBOR/);
    const expectedText = paperPrompt(false).render({ question: rows[0]!.question, first: rows[0]!.answer1, second: rows[0]!.answer2 });
    const swapped = paperPrompt(false).render({ question: rows[0]!.question, first: rows[0]!.answer2, second: rows[0]!.answer1 });
    expect(server.received.map((r) => r.text)).toEqual(expect.arrayContaining([expectedText, swapped]));
    expect([expectedText, swapped]).toContain(text!.text);

    const csv = readFileSync(join(work, 'out', 'official_table.csv'), 'utf8');
    expect(csv).toBe(
      '\ufeffmodality,model,accuracy_acc,relevance_acc,comprehensiveness_acc,creativity_acc,responsiveness_acc,overall_acc\n' +
        'brain,openai-compatible:fake-vlm,1.0,1.0,1.0,1.0,1.0,1.0\n' +
        'chest,openai-compatible:fake-vlm,1.0,1.0,1.0,1.0,1.0,1.0\n',
    );
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.judges[0].dimensions.overall.position.swapConsistency).toBe(1);
    expect(summary.judges[0].inputTokens).toBe(rows.length * 2 * 100);
  });

  it('maps a swapped-order verdict back to the dataset answers', async () => {
    const { root } = writeFixtureDataset({ lung: 3 });
    server = await startFakeOpenAIServer(() => ({ reply: jsonVerdict('A') }));
    const result = await runCli(judgeArgs(root));
    expect(result.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    const overall = summary.judges[0].dimensions.overall;
    // Labels are A, A, B: always picking the first slot is right twice in the dataset order and once swapped.
    expect(overall.accuracyByOrder).toEqual({ AB: 2 / 3, BA: 1 / 3 });
    expect(overall.position.swapConsistency).toBe(0);
    expect(overall.position.firstSlotRate).toBe(1);
  });

  it('never sends a trial twice: a second run of the same command sends nothing', async () => {
    const { root } = writeFixtureDataset({ eye: 2, foot: 2 });
    server = await startFakeOpenAIServer((req) => pickGood(req.text));
    expect((await runCli(judgeArgs(root))).code).toBe(0);
    const sent = server.received.length;
    const again = await runCli(judgeArgs(root));
    expect(again.code).toBe(0);
    expect(server.received.length).toBe(sent);
    expect(again.stderr).toContain(`reused ${sent}`);
  });

  it('waits out a 429 with Retry-After, retries 500s and a connection reset', async () => {
    const { root } = writeFixtureDataset({ heart: 2 });
    const faults = ['429', '500', 'reset'];
    const faultTimes: number[] = [];
    server = await startFakeOpenAIServer((req, i) => {
      const fault = faults[i];
      faultTimes.push(Date.now());
      if (fault === '429') return { status: 429, headers: { 'retry-after': '1' } };
      if (fault === '500') return { status: 500 };
      if (fault === 'reset') return { reset: true };
      return pickGood(req.text);
    });
    const result = await runCli(judgeArgs(root, ['--concurrency', '1']));
    expect(result.code, result.stderr).toBe(0);
    expect(faultTimes[1]! - faultTimes[0]!).toBeGreaterThanOrEqual(950);
    expect(server.received).toHaveLength(4 + faults.length);
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.judges[0].requestErrors).toBe(0);
    expect(summary.judges[0].retries).toBe(faults.length);
    expect(summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
  });

  it('gives up on a stalled request after --timeout and retries it', async () => {
    const { root } = writeFixtureDataset({ breast: 1 });
    server = await startFakeOpenAIServer((req, i) => (i === 0 ? { stall: true } : pickGood(req.text)));
    const started = Date.now();
    const result = await runCli(judgeArgs(root, ['--timeout', '1', '--concurrency', '1']));
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.received).toHaveLength(3);
  });

  it('records requests that keep failing as errors, exits 1, and retries only those next time', async () => {
    const { root, rows } = writeFixtureDataset({ abdomen: 2 });
    const broken = rows[0]!.question;
    let healthy = false;
    server = await startFakeOpenAIServer((req) => (!healthy && req.text.includes(broken) ? { status: 503 } : pickGood(req.text)));
    const failed = await runCli(judgeArgs(root, ['--max-attempts', '2']));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('failed: 2 trial(s) of openai-compatible:fake-vlm (server), e.g. 503');
    expect(failed.stderr).toContain('run the same command again to retry only those');
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.judges[0].requestErrors).toBe(2);
    // Failed requests count as wrong in the official table, and are reported apart.
    expect(readFileSync(join(work, 'out', 'official_table.csv'), 'utf8')).toContain('abdomen,openai-compatible:fake-vlm,0.5,');

    healthy = true;
    const before = server.received.length;
    const retried = await runCli(judgeArgs(root, ['--max-attempts', '2']));
    expect(retried.code).toBe(0);
    expect(server.received.length - before).toBe(2);
    expect(server.received.slice(before).every((r) => r.text.includes(broken))).toBe(true);
  });

  it('stops early when a judge cannot be reached, and says why', async () => {
    const { root } = writeFixtureDataset({ brain: 20 });
    server = await startFakeOpenAIServer((req) => pickGood(req.text));
    const closed = server.baseUrl;
    await server.close();
    server = undefined;
    const result = await runCli([
      'run', '--data', root, '--judge', 'openai-compatible:fake-vlm', '--base-url', closed,
      '--store', join(work, 'store.sqlite'), '--out', join(work, 'out'), '--max-attempts', '2', '--max-failures-in-a-row', '3', '--concurrency', '1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped early: 3 requests in a row to openai-compatible:fake-vlm failed; last: connection failed: .*ECONNREFUSED/);
    expect(result.stderr).toContain('(network)');
  });

  it('stops at the first refused key: every other request would be refused too', async () => {
    const { root } = writeFixtureDataset({ brain: 5 });
    server = await startFakeOpenAIServer(() => ({ status: 401, body: { error: { message: 'invalid key', type: 'invalid_request_error' } } }));
    const result = await runCli(judgeArgs(root, ['--concurrency', '1']));
    expect(result.code).toBe(1);
    expect(server.received, result.stderr).toHaveLength(1);
    expect(result.stderr).toContain('stopped early: openai-compatible:fake-vlm refused the credentials');
    expect(result.stderr).toContain('a retry alone will fail the same way');
  });

  it('drops the trials of a judge or order a re-used run id no longer has', async () => {
    const { root } = writeFixtureDataset({ eye: 2 });
    const store = join(work, 'store.sqlite');
    const base = ['run', '--data', root, '--store', store, '--run', 'mine', '--out', join(work, 'out')];
    expect((await runCli([...base, '--judge', 'baseline:always-a'])).code).toBe(0);
    expect((await runCli([...base, '--judge', 'baseline:always-b', '--judge', 'baseline:always-b', '--orders', 'original'])).code).toBe(0);
    const lines = readFileSync(join(work, 'out', 'judgments.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.judge} ${l.order}`)).toEqual(['baseline:always-b AB', 'baseline:always-b AB']);
  });

  it('refuses invalid data before sending any request', async () => {
    const { root } = writeFixtureDataset({ brain: 2 }, { omitColumns: ['answer2_text'] });
    server = await startFakeOpenAIServer((req) => pickGood(req.text));
    const result = await runCli(judgeArgs(root));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/brain\.parquet: field 'answer2_text': missing column/);
    expect(server.received).toHaveLength(0);
  });

  it('does not send OPENAI_API_KEY to a --base-url unless told to', async () => {
    process.env.OPENAI_API_KEY = 'sk-should-stay-home-123456';
    const { root } = writeFixtureDataset({ chest: 1 });
    server = await startFakeOpenAIServer((req) => pickGood(req.text));
    expect((await runCli(judgeArgs(root))).code).toBe(0);
    expect(server.received.every((r) => !String(r.headers.authorization).includes('sk-should-stay-home'))).toBe(true);
    const told = await runCli(judgeArgs(writeFixtureDataset({ lung: 1 }).root, ['--api-key-env', 'OPENAI_API_KEY']));
    expect(told.code).toBe(0);
    delete process.env.OPENAI_API_KEY;
    expect(server.received.at(-1)!.headers.authorization).toBe('Bearer sk-should-stay-home-123456');
  });

  it('keeps the API key out of the store, the outputs and the messages', async () => {
    const secret = 'sk-test-SECRET-4242424242';
    process.env.MRB_TEST_KEY = secret;
    const { root } = writeFixtureDataset({ chest: 1 });
    server = await startFakeOpenAIServer((req) =>
      req.headers.authorization === `Bearer ${secret}`
        ? { status: 401, body: { error: { message: `Incorrect API key provided: ${secret}`, type: 'invalid_request_error' } } }
        : pickGood(req.text),
    );
    const result = await runCli(judgeArgs(root, ['--api-key-env', 'MRB_TEST_KEY', '--max-attempts', '1']));
    expect(result.code).toBe(1);
    expect(server.received[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    expect(result.stderr + result.stdout).not.toContain(secret);
    for (const file of ['store.sqlite', 'store.sqlite-wal', 'out/judgments.jsonl', 'out/summary.json']) {
      const path = join(work, file);
      if (existsSync(path)) expect(readFileSync(path).includes(secret), file).toBe(false);
    }
    const store = await openStore(join(work, 'store.sqlite'));
    const [run] = await store.listRuns();
    const [trial] = await store.runResults(run!.id);
    await store.close();
    expect(trial!.judgment!.errorKind).toBe('auth');
    expect(trial!.judgment!.error).toContain('[redacted]');
  });
});
