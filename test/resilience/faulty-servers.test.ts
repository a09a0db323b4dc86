import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeBehaviour, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let server: FakeOpenAIServer | undefined;
let work: string;
beforeEach(() => {
  work = tempDir();
  process.env.MRB_RETRY_BASE_MS = '20';
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const good = (text: string): FakeBehaviour => ({ reply: jsonVerdict(firstAnswer(text).startsWith('GOOD') ? 'A' : 'B') });

async function runAgainst(behave: (text: string, attempt: number) => FakeBehaviour, extra: string[] = []) {
  const { root, rows } = writeFixtureDataset({ brain: 2 });
  const attempts = new Map<string, number>();
  server = await startFakeOpenAIServer((req) => {
    const n = (attempts.get(req.text) ?? 0) + 1;
    attempts.set(req.text, n);
    return behave(req.text, n);
  });
  const result = await runCli([
    'run', '--data', root, '--judge', 'openai-compatible:m', '--base-url', server.baseUrl, '--orders', 'original',
    '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--timeout', '1', '--max-attempts', '3', ...extra,
  ]);
  const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
  return { result, rows, summary: summary.judges[0], sent: server.received.length };
}

describe('a faulty server that recovers: the run completes and counts its retries', () => {
  const faults: Array<[string, FakeBehaviour]> = [
    ['429 without Retry-After', { status: 429 }],
    ['429 with Retry-After', { status: 429, headers: { 'retry-after': '0' } }],
    ['500', { status: 500 }],
    ['502', { status: 502 }],
    ['503', { status: 503 }],
    ['a connection reset', { reset: true }],
    ['a stall past the timeout', { stall: true }],
    ['a truncated body', { truncated: true }],
    ['a body that is not JSON', { rawBody: '<html>Bad gateway</html>' }],
    ['a reply with no choices', { rawBody: JSON.stringify({ id: 'x', object: 'chat.completion', choices: [] }) }],
  ];
  it.each(faults)('%s on the first attempt of every trial', async (_name, fault) => {
    const { result, summary, sent } = await runAgainst((text, attempt) => (attempt === 1 ? fault : good(text)));
    expect(result.code, result.stderr).toBe(0);
    expect(sent).toBe(4);
    expect(summary.retries).toBe(2);
    expect(summary.requestErrors).toBe(0);
    expect(summary.dimensions.overall.accuracy.micro.value).toBe(1);
  });
});

describe('a server that never recovers', () => {
  it.each([
    ['500', { status: 500 } as FakeBehaviour],
    ['a body that is not JSON', { rawBody: 'not json' } as FakeBehaviour],
  ])('%s: attempts are capped, the failures recorded and reported, never scored as verdicts', async (_name, fault) => {
    const { result, summary, sent } = await runAgainst(() => fault);
    expect(result.code).toBe(1);
    expect(sent).toBe(6); // 2 trials x 3 attempts
    expect(summary.requestErrors).toBe(2);
    expect(summary.answered).toBe(0);
    expect(summary.dimensions.overall.outcomes).toEqual({ correct: 0, wrong: 0, tie: 0, 'parse-failure': 0, error: 2, missing: 0 });
    expect(result.stderr).toMatch(/failed: 2 trial\(s\) of openai-compatible:m/);
  });

  it('a 400 is not retried: the request itself is wrong', async () => {
    const { result, sent, summary } = await runAgainst(() => ({ status: 400, body: { error: { message: 'max_tokens is too large' } } }));
    expect(result.code).toBe(1);
    expect(sent).toBe(2);
    expect(summary.retries).toBe(0);
    expect(result.stderr).toContain('max_tokens is too large');
    expect(result.stderr).toContain('a retry alone will fail the same way');
  });
});
