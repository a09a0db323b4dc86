import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, promptText, type ApiAnswer, type ApiRequest, type FakeApiServer } from '../fakes/fake-api-server.js';
import { firstAnswer, jsonVerdict } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

const KEY = 'sk-fake-test-key-0123456789';
let data: { root: string; rows: ReturnType<typeof writeFixtureDataset>['rows'] };
let server: FakeApiServer | undefined;

beforeAll(() => {
  data = writeFixtureDataset({ brain: 3, lung: 3 });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const k of ['ANTHROPIC_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY', 'MRB_TEST_KEY']) delete process.env[k];
});

/** A judge that always picks the slot holding the GOOD answer: right on every case. */
const goodSlot = (request: ApiRequest): ApiAnswer => ({ text: jsonVerdict(firstAnswer(promptText(request)).includes('GOOD') ? 'A' : 'B') });

async function run(args: string[]) {
  const work = tempDir();
  const result = await runCli(['run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '50', ...args]);
  const summary = result.code <= 1 ? JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8')) : undefined;
  return { ...result, summary, work };
}

const imageOf = (row: { image: Uint8Array | null }) => Buffer.from(row.image ?? []).toString('base64');

describe('anthropic:<model> (Messages API through the official SDK)', () => {
  it('sends the image as a base64 image block before the text, with the key and version headers, and scores the replies', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    server = await startFakeApiServer(goodSlot);
    const r = await run(['--judge', 'anthropic:claude-fake', '--base-url', server.origin, '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(6);
    const first = server.received[0]!;
    expect(first.path).toBe('/v1/messages');
    // The SDK of this version sends the key as a bearer token; older ones used x-api-key.
    expect(first.headers['x-api-key'] ?? first.headers.authorization?.replace(/^Bearer /, '')).toBe(KEY);
    expect(first.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.body.model).toBe('claude-fake');
    expect(first.body.max_tokens).toBe(4096);
    const [image, text] = first.body.messages[0].content;
    expect(image).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: expect.any(String) } });
    expect(data.rows.map(imageOf)).toContain(image.source.data);
    expect(text.type).toBe('text');
    expect(text.text).toContain('[The Start of User Instruction]');
    expect(r.summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    expect(r.summary.judges[0].inputTokens).toBe(600);
  });

  it('waits out a 429 with retry-after and a 529 overload, then completes; retries are counted', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    server = await startFakeApiServer((req, i) => (i === 0 ? { error: 429, retryAfter: '0' } : i === 1 ? { error: 529 } : goodSlot(req)));
    const r = await run(['--judge', 'anthropic:claude-fake', '--base-url', server.origin, '--orders', 'original', '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(8);
    expect(r.summary.judges[0].retries).toBe(2);
  });

  it('keys trials by what Claude receives: a temperature it is never sent does not make answered trials new', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    server = await startFakeApiServer(goodSlot);
    const work = tempDir();
    const args = (temperature: string) => ['run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20', '--judge', 'anthropic:claude-fake', '--base-url', server!.origin, '--orders', 'original', '--temperature', temperature];
    expect((await runCli(args('0.1'))).code).toBe(0);
    expect(server.received).toHaveLength(6);
    expect(server.received[0]!.body).not.toHaveProperty('temperature');
    const again = await runCli(args('0.9'));
    expect(again.code, again.stderr).toBe(0);
    expect(server.received).toHaveLength(6);
    expect(again.stderr).toMatch(/0 judged now, 6 reused/);
  });

  it('--thinking turns on Claude thinking with a budget, stores the thinking apart and never parses it', async () => {
    process.env.ANTHROPIC_API_KEY = KEY;
    // The thinking names the wrong letter everywhere: a parser that read it would score zero.
    server = await startFakeApiServer((req) => ({ ...(goodSlot(req) as { text: string }), thinking: `maybe ${jsonVerdict('A')} or ${jsonVerdict('B')}` }));
    const r = await run(['--judge', 'anthropic:claude-fake', '--base-url', server.origin, '--orders', 'original', '--thinking', '--structured']);
    expect(r.code, r.stderr).toBe(0);
    const body = server.received[0]!.body;
    expect(body.thinking.type).toBe('enabled');
    expect(body.thinking.budget_tokens).toBeGreaterThanOrEqual(1024);
    expect(body.thinking.budget_tokens).toBeLessThan(body.max_tokens);
    expect(body.output_config.format.type).toBe('json_schema');
    expect(body.output_config.format.schema.required).toContain('overall');
    const judgment = JSON.parse(readFileSync(join(r.work, 'out', 'judgments.jsonl'), 'utf8').split('\n')[0]!);
    expect(judgment.reasoning).toContain('maybe');
    expect(r.summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    expect(r.summary.judges[0].judge).toBe('anthropic:claude-fake [thinking, structured]');
  });

  it('refuses to start without ANTHROPIC_API_KEY, naming the variable and sending nothing', async () => {
    server = await startFakeApiServer(goodSlot);
    const r = await run(['--judge', 'anthropic:claude-fake', '--base-url', server.origin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ANTHROPIC_API_KEY');
    expect(server.received).toHaveLength(0);
  });
});

describe('google:<model> (Gemini generateContent through the official SDK)', () => {
  it('sends the image inline before the text with the key header, generation settings and seed, and scores the replies', async () => {
    process.env.GEMINI_API_KEY = KEY;
    server = await startFakeApiServer((req) => ({ text: jsonVerdict(firstAnswer(promptText(req)).includes('GOOD') ? 'A' : 'B'), thinking: 'thought' }));
    const r = await run(['--judge', 'google:gemini-fake', '--base-url', server.origin, '--orders', 'original', '--seed', '7', '--structured']);
    expect(r.code, r.stderr).toBe(0);
    const first = server.received[0]!;
    expect(first.path).toMatch(/\/models\/gemini-fake:generateContent$/);
    expect(first.headers['x-goog-api-key']).toBe(KEY);
    const [image, text] = first.body.contents[0].parts;
    expect(image.inlineData.mimeType).toBe('image/png');
    expect(data.rows.map(imageOf)).toContain(image.inlineData.data);
    expect(text.text).toContain('[The Start of User Instruction]');
    expect(first.body.generationConfig).toMatchObject({ temperature: 0.1, maxOutputTokens: 4096, seed: 7, responseMimeType: 'application/json' });
    expect(first.body.generationConfig.responseJsonSchema.properties.overall.enum).toEqual(['A', 'B']);
    expect(r.summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    const judgment = JSON.parse(readFileSync(join(r.work, 'out', 'judgments.jsonl'), 'utf8').split('\n')[0]!);
    expect(judgment.reasoning).toBe('thought');
  });

  it('retries RESOURCE_EXHAUSTED (429) and records a permanent 400 as a failed trial, never a verdict', async () => {
    process.env.GOOGLE_API_KEY = KEY;
    server = await startFakeApiServer((req, i) => (i === 0 ? { error: 429 } : promptText(req).includes('Question 2 ') ? { error: 400, message: 'bad image' } : goodSlot(req)));
    const r = await run(['--judge', 'google:gemini-fake', '--base-url', server.origin, '--orders', 'original', '--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed: 1 trial\(s\) of google:gemini-fake \(client\)/);
    expect(r.summary.judges[0]).toMatchObject({ requestErrors: 1, answered: 5, retries: 1 });
    expect(r.stderr).not.toContain(KEY);
  });
});

describe('google:<model> rate limits', () => {
  it("waits the retryDelay of a 429's google.rpc.RetryInfo before trying again, as a Retry-After", async () => {
    process.env.GEMINI_API_KEY = KEY;
    const at: number[] = [];
    // Longer than any backoff the scheduler would pick on its own for a first retry (at most 1s).
    server = await startFakeApiServer((req, i) => (at.push(Date.now()), i === 0 ? { error: 429, retryAfter: '2.5' } : goodSlot(req)));
    const r = await run(['--judge', 'google:gemini-fake', '--base-url', server.origin, '--orders', 'original', '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received[0]!.path).toMatch(/:generateContent$/);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(2400);
    expect(r.summary.judges[0].retries).toBe(1);
  });
});

describe('openai:<model> (OpenAI itself)', () => {
  it('sends max_completion_tokens and the bearer key; with --thinking a reasoning effort and no temperature', async () => {
    process.env.MRB_TEST_KEY = KEY;
    server = await startFakeApiServer(goodSlot);
    const r = await run(['--judge', 'openai:gpt-fake', '--base-url', `${server.origin}/v1`, '--api-key-env', 'MRB_TEST_KEY', '--orders', 'original', '--thinking']);
    expect(r.code, r.stderr).toBe(0);
    const first = server.received[0]!;
    expect(first.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(first.body).toMatchObject({ model: 'gpt-fake', max_completion_tokens: 4096, reasoning_effort: 'medium' });
    expect(first.body).not.toHaveProperty('temperature');
    expect(first.body).not.toHaveProperty('max_tokens');
    expect(first.body.messages[0].content[0].image_url.url).toMatch(/^data:image\/png;base64,/);
  });

  it('keys --thinking trials without the temperature OpenAI is not sent, so changing it re-sends nothing', async () => {
    process.env.MRB_TEST_KEY = KEY;
    server = await startFakeApiServer(goodSlot);
    const work = tempDir();
    const args = (temperature: string) => ['run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20', '--judge', 'openai:gpt-fake', '--base-url', `${server!.origin}/v1`, '--api-key-env', 'MRB_TEST_KEY', '--orders', 'original', '--thinking', '--temperature', temperature];
    expect((await runCli(args('0.1'))).code).toBe(0);
    expect((await runCli(args('0.9'))).code).toBe(0);
    expect(server.received).toHaveLength(6);
  });
});

describe('openai-compatible:<model> --thinking (vLLM, SGLang)', () => {
  it("switches the chat template's thinking on and keeps returned reasoning apart from the verdict", async () => {
    server = await startFakeApiServer((req) => ({ ...(goodSlot(req) as { text: string }), thinking: jsonVerdict('A') + jsonVerdict('B') }));
    const r = await run(['--judge', 'openai-compatible:qwen-fake', '--base-url', `${server.origin}/v1`, '--orders', 'original', '--thinking']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received[0]!.body.chat_template_kwargs).toEqual({ enable_thinking: true });
    expect(server.received[0]!.body.max_tokens).toBe(4096);
    expect(promptText(server.received[0]!)).toContain('You may think step by step internally');
    expect(r.summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
  });
});
