import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstAnswer, jsonVerdict } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let data: { root: string };
beforeAll(() => {
  data = writeFixtureDataset({ brain: 3, lung: 3 });
});

// Nothing listens here: a run that tried to send a request would fail.
const DEAD_URL = 'http://127.0.0.1:9/v1';

interface BatchRequestLine {
  custom_id: string;
  method: string;
  url: string;
  body: { model: string; messages: Array<{ content: Array<{ type: string; text?: string; image_url?: { url: string } }> }>; max_tokens: number };
}

/** What vLLM's run_batch or OpenAI's Batch API would write for each request line. */
function answerBatch(lines: BatchRequestLine[], answer: (line: BatchRequestLine) => string | { status: number }): string {
  return lines
    .map((line, i) => {
      const a = answer(line);
      const response =
        typeof a === 'string'
          ? { status_code: 200, request_id: `req-${i}`, body: { id: `c-${i}`, object: 'chat.completion', model: line.body.model, choices: [{ index: 0, message: { role: 'assistant', content: a }, finish_reason: 'stop' }], usage: { prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 } } }
          : { status_code: a.status, request_id: `req-${i}`, body: { error: { message: 'overloaded' } } };
      return JSON.stringify({ id: `batch_req_${i}`, custom_id: line.custom_id, response, error: null });
    })
    .join('\n');
}

const textOf = (line: BatchRequestLine) => line.body.messages[0]!.content.find((p) => p.type === 'text')!.text!;

describe('batch files', () => {
  it("splits the export into numbered files at the per-file request limit, says so, and each answered file imports on its own", async () => {
    const work = tempDir();
    const common = ['--data', data.root, '--store', join(work, 's.sqlite'), '--judge', 'openai-compatible:qwen-vl', '--base-url', DEAD_URL];
    const exported = await runCli(['batch', 'export', ...common, '--output', join(work, 'batch.jsonl'), '--max-requests-per-file', '5']);
    expect(exported.code, exported.stderr).toBe(0);
    const files = ['batch-001.jsonl', 'batch-002.jsonl', 'batch-003.jsonl'].map((f) => join(work, f));
    expect(exported.stdout).toContain(`wrote 12 request(s) for 12 trial(s) to 3 files, split at 5 requests`);
    for (const file of files) expect(exported.stdout).toContain(file);
    expect(existsSync(join(work, 'batch.jsonl'))).toBe(false);
    const parts = files.map((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as BatchRequestLine));
    expect(parts.map((p) => p.length)).toEqual([5, 5, 2]);
    expect(new Set(parts.flat().map((l) => l.custom_id)).size).toBe(12);

    const runId = /^(run-[0-9a-f]+):/.exec(exported.stdout)![1]!;
    for (const [i, lines] of parts.entries()) {
      writeFileSync(join(work, `results-${i}.jsonl`), answerBatch(lines, (l) => jsonVerdict(firstAnswer(textOf(l)).includes('GOOD') ? 'A' : 'B')));
      const imported = await runCli(['batch', 'import', '--run', runId, '--store', join(work, 's.sqlite'), join(work, `results-${i}.jsonl`)]);
      expect(imported.code, imported.stderr).toBe(0);
    }
    const scored = await runCli(['run', ...common, '--out', join(work, 'out'), '--resamples', '20']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stderr).toContain('0 judged now, 12 reused from the store');
  });

  it('keeps the two requests of a pointwise trial in one file, and splits at the size limit', async () => {
    const work = tempDir();
    const common = ['--data', data.root, '--store', join(work, 's.sqlite'), '--judge', 'openai-compatible:qwen-vl', '--base-url', DEAD_URL, '--mode', 'pointwise'];
    const byCount = await runCli(['batch', 'export', ...common, '--output', join(work, 'count.jsonl'), '--max-requests-per-file', '3']);
    expect(byCount.code, byCount.stderr).toBe(0);
    for (let n = 1; n <= 6; n++) {
      const ids = readFileSync(join(work, `count-00${n}.jsonl`), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as BatchRequestLine).custom_id);
      expect(ids.map((id) => id.slice(-2)).sort()).toEqual(['#A', '#B']);
      expect(ids[0]!.split('#')[0]).toBe(ids[1]!.split('#')[0]);
    }
    // Each trial's two lines (an image each) are far over a 1 kB limit: one trial per file.
    const bySize = await runCli(['batch', 'export', ...common, '--output', join(work, 'size.jsonl'), '--max-file-mb', '0.001']);
    expect(bySize.code, bySize.stderr).toBe(0);
    expect(bySize.stdout).toContain('to 6 files');
    expect(existsSync(join(work, 'size-006.jsonl'))).toBe(true);
  });

  it('export, answer offline, import, score: the run completes without sending a request', async () => {
    const work = tempDir();
    const common = ['--data', data.root, '--store', join(work, 's.sqlite'), '--judge', 'openai-compatible:qwen-vl', '--base-url', DEAD_URL, '--judge', 'baseline:always-a'];
    const exported = await runCli(['batch', 'export', ...common, '--output', join(work, 'batch.jsonl')]);
    expect(exported.code, exported.stderr).toBe(0);
    const runId = /^(run-[0-9a-f]+):/.exec(exported.stdout)![1]!;
    const lines = readFileSync(join(work, 'batch.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as BatchRequestLine);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatchObject({ method: 'POST', url: '/v1/chat/completions', custom_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines[0]!.body.model).toBe('qwen-vl');
    expect(lines[0]!.body.messages[0]!.content[0]!.image_url!.url).toMatch(/^data:image\/png;base64,/);
    expect(new Set(lines.map((l) => l.custom_id)).size).toBe(12);

    writeFileSync(join(work, 'results.jsonl'), answerBatch(lines, (l) => jsonVerdict(firstAnswer(textOf(l)).includes('GOOD') ? 'A' : 'B')));
    const imported = await runCli(['batch', 'import', '--run', runId, '--store', join(work, 's.sqlite'), join(work, 'results.jsonl')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('stored 12 answer(s) and 0 failure(s)');

    const scored = await runCli(['run', ...common, '--out', join(work, 'out'), '--resamples', '20']);
    expect(scored.code, scored.stderr).toBe(0);
    expect(scored.stderr).toContain('0 judged now, 24 reused from the store');
    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    expect(summary.run).toBe(runId);
    expect(summary.judges[0].dimensions.overall.accuracy.micro.value).toBe(1);
    expect(summary.judges[0].inputTokens).toBe(12 * 300);
  });

  it('stores failed lines as failed trials, which the online run then retries; lines of other runs are counted and ignored', async () => {
    const work = tempDir();
    const common = ['--data', data.root, '--store', join(work, 's.sqlite'), '--judge', 'openai-compatible:m', '--base-url', DEAD_URL, '--orders', 'original'];
    const exported = await runCli(['batch', 'export', ...common, '--output', join(work, 'batch.jsonl')]);
    const runId = /^(run-[0-9a-f]+):/.exec(exported.stdout)![1]!;
    const lines = readFileSync(join(work, 'batch.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as BatchRequestLine);
    const answered = answerBatch(lines, (l) => (l === lines[0] ? { status: 503 } : jsonVerdict('A')));
    writeFileSync(join(work, 'results.jsonl'), `${answered}\n${JSON.stringify({ custom_id: 'f'.repeat(64), response: { status_code: 200, body: {} } })}\n`);
    const imported = await runCli(['batch', 'import', '--run', runId, '--store', join(work, 's.sqlite'), join(work, 'results.jsonl')]);
    expect(imported.code).toBe(1);
    expect(imported.stdout).toContain('stored 5 answer(s) and 1 failure(s); 1 line(s) belong to no trial of this run');
    const plan = await runCli(['plan', ...common]);
    expect(plan.stdout).toContain('requests to send: 1');
  });

  it('names the file and line of a broken results file, and leaves the store as it was', async () => {
    const work = tempDir();
    const common = ['--data', data.root, '--store', join(work, 's.sqlite'), '--judge', 'openai-compatible:m', '--base-url', DEAD_URL];
    const exported = await runCli(['batch', 'export', ...common, '--output', join(work, 'batch.jsonl')]);
    const runId = /^(run-[0-9a-f]+):/.exec(exported.stdout)![1]!;
    writeFileSync(join(work, 'results.jsonl'), '{"custom_id":"x","response":null}\n{not json\n');
    const imported = await runCli(['batch', 'import', '--run', runId, '--store', join(work, 's.sqlite'), join(work, 'results.jsonl')]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('results.jsonl:2: not JSON');
    const plan = await runCli(['plan', ...common]);
    expect(plan.stdout).toContain('requests to send: 12');
    const wrongRun = await runCli(['batch', 'import', '--run', 'run-nope', '--store', join(work, 's.sqlite'), join(work, 'results.jsonl')]);
    expect(wrongRun.code).toBe(2);
    expect(wrongRun.stderr).toContain('no run run-nope');
  });
});
