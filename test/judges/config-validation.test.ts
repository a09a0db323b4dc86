import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer, type FakeApiServer } from '../fakes/fake-api-server.js';
import { jsonVerdict } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

let data: { root: string };
let server: FakeApiServer | undefined;

beforeAll(() => {
  data = writeFixtureDataset({ brain: 2 });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Writes the lines as a config file; line n of the file is lines[n - 1]. */
function configFile(lines: readonly string[], name = 'mrb.config.yaml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('config file validation', () => {
  it('reports every problem of the file at once, each at its line and key path, exits 2 and sends nothing', async () => {
    server = await startFakeApiServer(() => ({ text: jsonVerdict('A') }));
    const file = configFile([
      'judges:',
      `  - spec: openai-compatible:good`, // 2: a valid judge, on a live server: it must not be sent to
      `    base_url: ${server.origin}/v1`,
      '  - spec: chatgpt:4o', // 4
      '  - spec: openai-compatible:m', // 5
      '    base_url: localhost:8000/v1', // 6
      '    prompt_file: missing-prompt.txt', // 7
      '    colour: blue', // 8
      '  - spec: openai-compatible:n', // 9
      '    base_urls:', // 10
      `      - ${server.origin}/v1`, // 11
      '      - ftp://gpu2/v1', // 12
      '  - spec: reward:rm', // 13
      `    base_url: ${server.origin}`, // 14
      '    prompt: rubric', // 15
      '    samples: 3', // 16
      '    mode: pointwise', // 17
      '    thinking: true', // 18
      '    url: http://x/score', // 19
    ]);
    const r = await runCli(['run', '-c', file, '--data', data.root, '--store', join(tempDir(), 's.sqlite')]);
    expect(r.code).toBe(2);
    const expected = [
      `${file}:4: judges[1].spec: unknown judge kind "chatgpt"`,
      `${file}:6: judges[2].base_url: expected an http(s) URL`,
      `${file}:7: judges[2].prompt_file: ${join(file, '..', 'missing-prompt.txt')}: cannot read it (ENOENT)`,
      `${file}:8: judges[2].colour: unknown key`,
      `${file}:12: judges[3].base_urls[1]: expected an http(s) URL (e.g. http://127.0.0.1:8000/v1), got "ftp://gpu2/v1"`,
      `${file}:15: judges[4].prompt: does not apply to a reward judge`,
      `${file}:16: judges[4].samples: does not apply to a reward judge`,
      `${file}:17: judges[4].mode: does not apply to a reward judge`,
      `${file}:18: judges[4].thinking: does not apply to a reward judge`,
      `${file}:19: judges[4].url: only a reward-http judge takes url`,
    ];
    for (const line of expected) expect(r.stderr).toContain(line);
    expect(server.received).toHaveLength(0);
  });

  it('refuses keys a judge would ignore and settings it cannot run with: baselines, reward-http, reward without a server, repeated names', async () => {
    const file = configFile([
      'judges:',
      '  - spec: baseline:always-a',
      '    temperature: 0.5', // 3
      '    base_url: http://127.0.0.1:9/v1', // 4
      '  - spec: baseline:sometimes', // 5
      '  - spec: reward:rm', // 6: no server
      '  - spec: reward-http:scorer', // 7
      '    url: http://127.0.0.1:9/score',
      '    base_url: http://127.0.0.1:9', // 9
      '    request_template: { text: "{{answer}} {{colour}}" }', // 10
      '    score_path: "data[x]"', // 11
      '  - spec: openai-compatible:m', // 12
      '    base_url: http://127.0.0.1:9/v1',
      '  - spec: openai-compatible:m', // 14
      '    base_url: http://127.0.0.1:9/v1',
    ]);
    const r = await runCli(['run', '-c', file, '--data', data.root, '--store', join(tempDir(), 's.sqlite')]);
    expect(r.code).toBe(2);
    const expected = [
      `${file}:3: judges[0].temperature: does not apply to a baseline judge`,
      `${file}:4: judges[0].base_url: does not apply to a baseline judge`,
      `${file}:5: judges[1].spec: unknown baseline "sometimes"`,
      `${file}:6: judges[2]: a reward judge needs base_url`,
      `${file}:9: judges[3].base_url: does not apply to a reward-http judge`,
      `${file}:10: judges[3].request_template: unknown placeholder(s) {{colour}}`,
      `${file}:11: judges[3].score_path: score path "data[x]" is not understood`,
      `${file}:14: judges[5]: judges[4] has the same name "openai-compatible:m"`,
    ];
    for (const line of expected) expect(r.stderr).toContain(line);
  });

  it('points at the line in a JSON config too', async () => {
    const json = configFile(JSON.stringify({ judges: [{ spec: 'reward:rm', base_url: 'http://127.0.0.1:9', temperature: 0 }] }, null, 2).split('\n'), 'c.json');
    const r = await runCli(['run', '-c', json, '--data', data.root, '--store', join(tempDir(), 's.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${json}:6: judges[0].temperature: does not apply to a reward judge`);
  });
});

describe('prompting flags on the command line', () => {
  it('are refused when no --judge would use them, and nothing is sent', async () => {
    server = await startFakeApiServer(() => ({ reward: 1 }));
    const r = await runCli(['run', '--data', data.root, '--judge', `reward:rm`, '--base-url', server.origin, '--prompt', 'rubric', '--samples', '3', '--store', join(tempDir(), 's.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--prompt, --samples do not apply to reward:rm');
    expect(server.received).toHaveLength(0);
  });

  it('are taken when one of the judges is a chat judge', async () => {
    const r = await runCli(['run', '--data', data.root, '--judge', 'openai-compatible:m', '--judge', 'reward:rm', '--base-url', 'http://127.0.0.1:9/v1', '--samples', '3', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
  });
});
