import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptText, type ApiAnswer, type ApiRequest, type FakeApiServer } from '../fakes/fake-api-server.js';
import { firstAnswer, jsonVerdict } from '../fakes/fake-openai-server.js';
import { fixtureRows, tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { writeOfficialLayout } from '../../src/dataset/official-layout-writer.js';
import { runCli } from '../fakes/run-cli.js';
import { testApiServer } from '../fakes/test-api-server.js';

let data: { root: string };

beforeAll(() => {
  data = writeFixtureDataset({ brain: 3, lung: 3 });
});

async function serve(answer: (request: ApiRequest, index: number) => ApiAnswer): Promise<FakeApiServer> {
  return testApiServer(answer);
}

async function run(args: string[], work = tempDir()) {
  const result = await runCli(['run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '50', ...args]);
  const summary = result.code <= 1 ? JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8')) : undefined;
  return { ...result, summary, work };
}

const goodSlot = (request: ApiRequest): ApiAnswer => ({ text: jsonVerdict(firstAnswer(promptText(request)).includes('GOOD') ? 'A' : 'B') });
const ratings = (score: number) => JSON.stringify({ accuracy: score, relevance: score, comprehensiveness: score, creativity: score, responsiveness: score, overall: score, reason: 'r' });
const overallAccuracy = (summary: any) => summary.judges[0].dimensions.overall.accuracy.micro.value;

describe('reward:<model> (vLLM pooling)', () => {
  it('scores each answer once through /pooling with the conversation, prefers the higher reward, and is marked single-score', async () => {
    const server = await serve((req) => ({ reward: promptText(req).includes('GOOD') ? 2.5 : -1 }));
    const r = await run(['--judge', 'reward:rm-fake', '--base-url', server.origin]);
    expect(r.code, r.stderr).toBe(0);
    // 6 cases x 2 answers; the swapped order is the same two requests and is not sent again.
    expect(server.received).toHaveLength(12);
    const first = server.received[0]!;
    expect(first.path).toBe('/pooling');
    expect(first.body.model).toBe('rm-fake');
    const [user, assistant] = first.body.messages;
    expect(user.role).toBe('user');
    expect(user.content[0].image_url.url).toMatch(/^data:image\/png;base64,/);
    expect(user.content[1]).toEqual({ type: 'text', text: expect.stringMatching(/^Question \d+/) });
    expect(assistant.role).toBe('assistant');
    expect(typeof assistant.content).toBe('string');
    expect(overallAccuracy(r.summary)).toBe(1);
    expect(r.summary.judges[0].mode).toBe('reward');
    expect(r.stdout).toContain('reward:rm-fake (single score)');
    // Both orders share one paid judgment: tokens are counted once per case.
    expect(r.summary.judges[0].inputTokens).toBe(6 * 2 * 50);
  });

  it('calls equal rewards a tie on every dimension', async () => {
    const server = await serve(() => ({ reward: 0.5 }));
    const r = await run(['--judge', 'reward:rm-fake', '--base-url', server.origin, '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    expect(overallAccuracy(r.summary)).toBe(0);
    for (const d of ['accuracy', 'relevance', 'overall']) expect(r.summary.judges[0].dimensions[d].outcomes.tie).toBe(6);
  });

  it('reward-http:<name> fills a request template and reads the score from a path given in a config file', async () => {
    const server = await serve((req) => ({ json: { result: { scores: [req.body.inputs.response.includes('GOOD') ? 0.9 : 0.1] } } }));
    const work = tempDir();
    const config = join(work, 'mrb.config.yaml');
    writeFileSync(
      config,
      [
        'judges:',
        '  - spec: reward-http:my-scorer',
        `    url: ${server.origin}/score`,
        '    score_path: result.scores[0]',
        '    request_template:',
        '      model: "{{model}}"',
        '      inputs: { prompt: "{{question}}", response: "{{answer}}", image: "{{image_base64}}", mime: "{{image_mime}}" }',
        'orders: original',
      ].join('\n'),
    );
    const r = await run(['-c', config], work);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received[0]!.path).toBe('/score');
    expect(server.received[0]!.body).toMatchObject({ model: 'my-scorer', inputs: { mime: 'image/png', prompt: expect.stringMatching(/^Question/) } });
    expect(Buffer.from(server.received[0]!.body.inputs.image, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(overallAccuracy(r.summary)).toBe(1);
  });
});

describe('--mode pointwise', () => {
  it('rates each answer on its own, prefers the higher rating, and sends each answer once for both orders', async () => {
    const server = await serve((req) => ({ text: ratings(promptText(req).includes('GOOD') ? 8 : 3) }));
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--mode', 'pointwise']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(12);
    const text = promptText(server.received[0]!);
    expect(text).toContain("[The Start of the Assistant's Answer]");
    expect(text).not.toContain("Assistant B's Answer");
    expect(overallAccuracy(r.summary)).toBe(1);
    expect(r.summary.judges[0].judge).toBe('openai-compatible:m [pointwise]');
    expect(r.summary.judges[0].dimensions.overall.position.swapConsistency).toBe(1);
  });

  it('counts a rating outside 1-10 as a parse failure, not a verdict', async () => {
    const server = await serve((req) => ({ text: ratings(promptText(req).includes('GOOD') ? 11 : 3) }));
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--mode', 'pointwise', '--orders', 'original']);
    expect(r.summary.judges[0].parseFailures).toBe(6);
    expect(overallAccuracy(r.summary)).toBe(0);
  });
});

describe('--samples k', () => {
  it('sends k samples per case and order with seed + i, and scores the per-dimension majority', async () => {
    // Samples with seeds 10 and 12 pick the GOOD slot; seed 11 picks the other: the majority is right.
    const server = await serve((req) => {
      const good = firstAnswer(promptText(req)).includes('GOOD');
      const right = req.body.seed !== 11;
      return { text: jsonVerdict(good === right ? 'A' : 'B') };
    });
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--samples', '3', '--seed', '10', '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    expect(server.received).toHaveLength(18);
    expect(new Set(server.received.map((q) => q.body.seed))).toEqual(new Set([10, 11, 12]));
    expect(overallAccuracy(r.summary)).toBe(1);
    expect(r.summary.judges[0].judge).toBe('openai-compatible:m [k=3]');
  });

  it('calls a tie when the votes for A and B are equal', async () => {
    const server = await serve((req) => ({ text: jsonVerdict(req.body.seed === 0 ? 'A' : 'B') }));
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--samples', '2', '--seed', '0', '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.summary.judges[0].dimensions.overall.outcomes.tie).toBe(6);
    expect(overallAccuracy(r.summary)).toBe(0);
  });
});

describe('prompts', () => {
  it('--prompt rubric defines each dimension in clinical terms and is versioned in the run settings', async () => {
    const server = await serve(goodSlot);
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--prompt', 'rubric', '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    expect(promptText(server.received[0]!)).toContain('board-certified physician');
    expect(r.summary.judges[0].settings).toMatchObject({ prompt: 'rubric', promptVersion: expect.stringMatching(/^[0-9a-f]{12}$/) });
  });

  it('--prompt-file fills the placeholders, leaves other braces alone, and names the file by its content hash', async () => {
    const server = await serve(goodSlot);
    const work = tempDir();
    const file = join(work, 'my-prompt.txt');
    writeFileSync(file, 'Q: {question}\n[The Start of Assistant A\'s Answer]\n{answer_a}\n[The End of Assistant A\'s Answer]\nB: {answer_b}\nDims: {dimensions}\nReply as {"overall":"A|B"}');
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--prompt-file', file, '--orders', 'original'], work);
    expect(r.code, r.stderr).toBe(0);
    const text = promptText(server.received[0]!);
    expect(text).toMatch(/^Q: Question \d+/);
    expect(text).toContain('Dims: accuracy, relevance, comprehensiveness, creativity, responsiveness, overall');
    expect(text).toContain('Reply as {"overall":"A|B"}');
    expect(r.summary.judges[0].settings.prompt).toMatch(/^file:my-prompt\.txt@[0-9a-f]{12}$/);
  });

  it('refuses a prompt file without the answer placeholders, naming them', async () => {
    const work = tempDir();
    const file = join(work, 'bad.txt');
    writeFileSync(file, 'Q: {question} A: {answer_a}');
    const r = await run(['--judge', 'openai-compatible:m', '--base-url', 'http://127.0.0.1:9/v1', '--prompt-file', file], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('{answer_b}');
    expect(r.stderr).toContain('bad.txt');
  });
});

describe('images', () => {
  it('--max-pixels resizes images before sending, keeping their aspect', async () => {
    const big = writeFixtureDataset({ brain: 1 }); // 32x32 phantoms
    const server = await serve(goodSlot);
    const work = tempDir();
    const r = await runCli(['run', '--data', big.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--max-pixels', '256', '--orders', 'original']);
    expect(r.code, r.stderr).toBe(0);
    const url: string = server.received[0]!.body.messages[0].content[0].image_url.url;
    const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata();
    expect(meta.width! * meta.height!).toBeLessThanOrEqual(256);
    expect(meta.width).toBe(meta.height);
  });

  it('converts formats the API cannot read (BMP, TIFF) to PNG, and refuses an image over the API limit naming the case', async () => {
    const bmp = (w: number, h: number) => {
      const row = Math.ceil((w * 3) / 4) * 4;
      const b = Buffer.alloc(54 + row * h, 0x80);
      b.write('BM');
      b.writeUInt32LE(b.length, 2);
      b.writeUInt32LE(54, 10);
      b.writeUInt32LE(40, 14);
      b.writeInt32LE(w, 18);
      b.writeInt32LE(h, 22);
      b.writeUInt16LE(1, 26);
      b.writeUInt16LE(24, 28);
      b.writeUInt32LE(0, 30);
      return b;
    };
    const tiff = await sharp({ create: { width: 6, height: 4, channels: 3, background: 'white' } }).tiff().toBuffer();
    const noise = await sharp(Buffer.from(Array.from({ length: 1400 * 1400 * 3 }, (_, i) => (i * 2654435761) >>> 24)), { raw: { width: 1400, height: 1400, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    expect(noise.length).toBeGreaterThan(5 * 1024 * 1024);
    const rows = fixtureRows({ brain: 3 });
    const root = tempDir('mrb-data-');
    writeOfficialLayout(root, [{ ...rows[0]!, image: bmp(5, 3) }, { ...rows[1]!, image: tiff }, { ...rows[2]!, image: noise }]);
    process.env.ANTHROPIC_API_KEY = 'sk-test-anthropic-000000';
    const server = await serve(goodSlot);
    const work = tempDir();
    const r = await runCli(['run', '--data', root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--judge', 'anthropic:c', '--base-url', server.origin, '--orders', 'original']);
    delete process.env.ANTHROPIC_API_KEY;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/brain\/3: its image is \d+\.\d MB, over anthropic's limit of 5 MB; pass --max-pixels/);
    const sizes = await Promise.all(
      server.received.map(async (q) => {
        const source = q.body.messages[0].content[0].source;
        const meta = await sharp(Buffer.from(source.data, 'base64')).metadata();
        return `${source.media_type} ${meta.format} ${meta.width}x${meta.height}`;
      }),
    );
    expect(sizes.sort()).toEqual(['image/png png 5x3', 'image/png png 6x4']);
  });
});
