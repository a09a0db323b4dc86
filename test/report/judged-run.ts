import { join } from 'node:path';
import { writeOfficialLayout, type LayoutRow } from '../../src/dataset/official-layout-writer.js';
import { firstAnswer, jsonVerdict, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { fixtureRows, tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

export interface JudgedRun {
  readonly runId: string;
  readonly store: string;
  readonly out: string;
  readonly data: string;
  readonly rows: LayoutRow[];
  readonly server: FakeOpenAIServer;
}

/**
 * A real `mrb run` of one judge against the fake OpenAI-compatible server. The judge picks the
 * "GOOD" answer, except on the first case in the swapped order, where it writes something no parser
 * reads: a run with one parse failure and one swap-inconsistent case.
 */
export async function judgedRun(
  perOrgan: Record<string, number>,
  edit: (rows: LayoutRow[]) => LayoutRow[] = (r) => r,
  reason: (promptText: string) => string = () => 'the better answer gives the lesion size',
  storeLocation?: string,
): Promise<JudgedRun> {
  const data = tempDir('mrb-data-');
  const rows = edit(fixtureRows(perOrgan));
  writeOfficialLayout(data, rows);
  const first = rows[0]!;
  const server = await startFakeOpenAIServer((req) => {
    const shown = firstAnswer(req.text);
    if (req.text.includes(first.question) && shown === first.answer2) return { reply: 'I cannot tell which answer is better.' };
    return { reply: jsonVerdict(shown.startsWith('GOOD') ? 'A' : 'B', reason(req.text)), delayMs: 5 };
  });
  const work = tempDir();
  const store = storeLocation ?? join(work, 'store.sqlite');
  const out = join(work, 'out');
  const result = await runCli(['run', '--data', data, '--judge', 'openai-compatible:fake-vlm', '--base-url', server.baseUrl, '--store', store, '--out', out, '--resamples', '200', '--price-input', '2', '--price-output', '10']);
  if (result.code !== 0) throw new Error(`mrb run failed (${result.code}): ${result.stderr}`);
  const runId = /run (run-[0-9a-f]+) completed/.exec(result.stderr)![1]!;
  return { runId, store, out, data, rows, server };
}
