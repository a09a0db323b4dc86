import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptText, type ApiAnswer, type ApiRequest, type FakeApiServer } from '../fakes/fake-api-server.js';
import { firstAnswer, jsonVerdict } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { testApiServer } from '../fakes/test-api-server.js';

let data: { root: string };

beforeAll(() => {
  data = writeFixtureDataset({ brain: 5, lung: 5 });
});

async function serve(answer: (request: ApiRequest, index: number) => ApiAnswer = goodSlot): Promise<FakeApiServer> {
  return testApiServer(answer);
}

// Every reply reports 1,000 input and 200 output tokens.
const goodSlot = (request: ApiRequest): ApiAnswer => ({ text: jsonVerdict(firstAnswer(promptText(request)).includes('GOOD') ? 'A' : 'B'), inputTokens: 1000, outputTokens: 200 });
const storeArgs = (work: string) => ['--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20'];
const summaryOf = (work: string) => JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));

describe('cost', () => {
  it('is the reported usage at the given prices, per judge, in summary.json and the printed table', async () => {
    const server = await serve();
    const work = tempDir();
    const r = await runCli(['run', ...storeArgs(work), '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--price-input', '2.5', '--price-output', '10']);
    expect(r.code, r.stderr).toBe(0);
    // 10 cases x 2 orders = 20 requests; each 1,000 x $2.50/M + 200 x $10/M = $0.0045.
    const judge = summaryOf(work).judges[0];
    expect(judge.inputTokens).toBe(20_000);
    expect(judge.outputTokens).toBe(4_000);
    expect(judge.costUsd).toBeCloseTo(0.09, 10);
    expect(r.stdout).toContain('$0.0900');
  });

  it('--max-cost stops before the budget would be passed, keeps what finished, and a later run with a larger budget completes', async () => {
    const server = await serve();
    const work = tempDir();
    const args = ['run', ...storeArgs(work), '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--price-input', '2.5', '--price-output', '10', '--max-tokens', '300', '--concurrency', '1'];
    const first = await runCli([...args, '--max-cost', '0.03']);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('--max-cost');
    const sent = server.received.length;
    expect(sent).toBeGreaterThan(0);
    expect(sent * 0.0045).toBeLessThanOrEqual(0.03 + 1e-9);
    expect(summaryOf(work).judges[0].answered).toBe(sent);

    const second = await runCli([...args, '--max-cost', '1']);
    expect(second.code, second.stderr).toBe(0);
    expect(server.received).toHaveLength(20);
    expect(summaryOf(work).judges[0].costUsd).toBeCloseTo(0.09, 10);
  });

  it('--max-cost holds at concurrency 8 when the real usage is far above the estimate, and keeps every reply it paid for', async () => {
    // Each reply costs 20,000 x $2.50/M + 200 x $10/M = $0.052, about forty times the first estimate.
    const server = await serve((req) => ({ ...(goodSlot(req) as { text: string }), inputTokens: 20_000, delayMs: 50 }));
    const work = tempDir();
    const r = await runCli(['run', ...storeArgs(work), '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--price-input', '2.5', '--price-output', '10', '--max-tokens', '300', '--concurrency', '8', '--max-cost', '0.2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('larger --max-cost');
    const judge = summaryOf(work).judges[0];
    // Only the first request, sent before any usage was known, can be mis-estimated.
    expect(judge.costUsd).toBeLessThanOrEqual(0.2 + 0.052);
    expect(judge.answered).toBe(server.received.length);
  });

  it('--max-cost without prices is refused before anything is sent', async () => {
    const server = await serve();
    const r = await runCli(['run', ...storeArgs(tempDir()), '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--max-cost', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--price-input');
    expect(server.received).toHaveLength(0);
  });
});

describe('mrb plan and --dry-run', () => {
  it('count the requests and estimate tokens and cost, sending nothing; answers in the store are not counted again', async () => {
    const server = await serve();
    const work = tempDir();
    const judge = ['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--price-input', '2.5', '--price-output', '10'];
    const plan = await runCli(['plan', ...storeArgs(work).slice(0, 4), ...judge, '--judge', 'baseline:always-a']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/openai-compatible:m\s+20\s+0\s+20\s/);
    expect(plan.stdout).toMatch(/baseline:always-a\s+20\s+0\s+0\s/);
    expect(plan.stdout).toContain('requests to send: 20');
    expect(plan.stdout).toMatch(/estimated cost: \$0\.\d+/);
    expect(server.received).toHaveLength(0);

    await runCli(['run', ...storeArgs(work), ...judge]);
    const again = await runCli(['run', ...storeArgs(work), ...judge, '--dry-run']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('requests to send: 0');
    expect(server.received).toHaveLength(20);
  });

  it('pointwise and reward judges count two requests per case, both orders sharing them', async () => {
    const plan = await runCli(['plan', ...storeArgs(tempDir()).slice(0, 4), '--judge', 'reward:rm', '--base-url', 'http://127.0.0.1:9', '--judge', 'openai:gpt-x', '--mode', 'pointwise', '--api-key-env', 'HOME']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/reward:rm\s+20\s+10\s+20\s/);
    expect(plan.stdout).toMatch(/openai:gpt-x \[pointwise\]\s+20\s+10\s+20\s/);
  });
});

describe('config files', () => {
  it('run several judges with their own settings and prices from one YAML file', async () => {
    const a = await serve();
    const b = await serve();
    const work = tempDir();
    const file = join(work, 'mrb.config.yaml');
    writeFileSync(
      file,
      `# two replicas of one model, and a second judge
orders: original
judges:
  - name: qwen
    provider: openai-compatible
    model: qwen-vl
    base_urls: [${a.origin}/v1, ${b.origin}/v1]
    price: { input: 1, output: 2 }
    concurrency: 4
  - spec: baseline:always-a
`,
    );
    const r = await runCli(['run', '-c', file, '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20']);
    expect(r.code, r.stderr).toBe(0);
    const judges = summaryOf(work).judges;
    expect(judges.map((j: { judge: string }) => j.judge)).toEqual(['qwen', 'baseline:always-a']);
    expect(judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    // Requests spread over both replicas.
    expect(a.received.length + b.received.length).toBe(10);
    expect(a.received.length).toBeGreaterThan(0);
    expect(b.received.length).toBeGreaterThan(0);
    expect(judges[0].costUsd).toBeCloseTo((10 * 1000 * 1 + 10 * 200 * 2) / 1e6, 10);
  });

  it('report every problem with its line and key', async () => {
    const work = tempDir();
    const file = join(work, 'bad.yaml');
    writeFileSync(
      file,
      ['judges:', '  - spec: openai:gpt-4o', '    temperature: hot', '    samples: 0', '  - model: no-provider', '    colour: blue', 'max_cost: -1', 'orders: sideways'].join('\n'),
    );
    const r = await runCli(['run', '-c', file, '--data', data.root, '--store', join(work, 's.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3: judges[0].temperature: expected a number of at least 0, got "hot"`);
    expect(r.stderr).toContain(`${file}:4: judges[0].samples: expected a whole number of at least 1, got 0`);
    expect(r.stderr).toContain(`${file}:5: judges[1]: needs spec`);
    expect(r.stderr).toContain(`${file}:6: judges[1].colour: unknown key`);
    expect(r.stderr).toContain(`${file}:7: max_cost: expected a number of at least 0, got -1`);
    expect(r.stderr).toContain(`${file}:8: orders: expected one of original, both`);
  });

  it('report YAML syntax errors and JSON configs the same way', async () => {
    const work = tempDir();
    const broken = join(work, 'broken.yaml');
    writeFileSync(broken, 'judges:\n  - spec: [unclosed\n');
    const r1 = await runCli(['run', '-c', broken, '--data', data.root, '--store', join(work, 's.sqlite')]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(new RegExp(`${broken}:\\d+: `));
    const json = join(work, 'c.json');
    writeFileSync(json, JSON.stringify({ judges: [{ spec: 'openai-compatible:m', mode: 'sideways' }] }, null, 2));
    const r2 = await runCli(['run', '-c', json, '--data', data.root, '--store', join(work, 's.sqlite')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`${json}:5: judges[0].mode: expected one of pairwise, pointwise`);
    const missing = await runCli(['run', '-c', join(work, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: cannot read it (ENOENT)');
  });
});

describe('adaptive concurrency', () => {
  it('a replica that rate-limits gets fewer requests while the other takes the load, and the run completes', async () => {
    let limited = 0;
    const slow = await serve((req) => (limited++ < 6 ? { error: 429, retryAfter: '0' } : goodSlot(req)));
    const fast = await serve();
    const work = tempDir();
    const r = await runCli(['run', ...storeArgs(work), '--judge', 'openai-compatible:m', '--base-url', `${slow.origin}/v1,${fast.origin}/v1`, '--concurrency', '8']);
    expect(r.code, r.stderr).toBe(0);
    expect(summaryOf(work).judges[0].answered).toBe(20);
    const answeredBySlow = slow.received.length - 6;
    expect(fast.received.length).toBeGreaterThan(answeredBySlow);
  });
});
