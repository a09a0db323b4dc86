import { createHash } from 'node:crypto';
import { readFileSync, statSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOfficialLayout, type LayoutRow } from '../../src/dataset/official-layout-writer.js';
import { allLabels, fixtureRows, tempDir } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';

// Every broken input is refused before anything is sent or stored: exit 2, a message that names
// file, row and field where there are such, and a store exactly as it was.

const gt = (root: string, organ = 'brain') => join(root, 'pair_gt_all', `${organ}.jsonl`);
const pq = (root: string, organ = 'brain') => join(root, 'pair_gt_all', 'parquet', `${organ}.parquet`);

function layout(edit: (rows: LayoutRow[]) => LayoutRow[] = (r) => r, options?: Parameters<typeof writeOfficialLayout>[2]) {
  const root = tempDir('mrb-bad-');
  writeOfficialLayout(root, edit(fixtureRows({ brain: 3 })), options);
  return root;
}

function editGroundTruth(root: string, edit: (lines: string[]) => string[]) {
  writeFileSync(gt(root), edit(readFileSync(gt(root), 'utf8').trim().split('\n')).join('\n') + '\n');
}

function setLabel(root: string, line: number, dimension: string, value: unknown) {
  editGroundTruth(root, (lines) =>
    lines.map((l, i) => {
      if (i !== line) return l;
      const parsed = JSON.parse(l);
      parsed.human_answer[dimension] = value;
      return JSON.stringify(parsed);
    }),
  );
}

/** A PNG that is valid in every chunk and simply too big. */
function hugePng(bytes: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(4000, 0);
  ihdr.writeUInt32BE(4000, 4);
  ihdr[8] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(bytes)), chunk('IEND', new Uint8Array(0))]);
}

function singleJsonl(lines: string[] | Buffer) {
  const dir = tempDir('mrb-bad-');
  const file = join(dir, 'cases.jsonl');
  writeFileSync(file, Array.isArray(lines) ? lines.join('\n') + '\n' : lines);
  return file;
}

const png = () => fixtureRows({ eye: 1 })[0]!.image!;
const jsonlCase = (extra: Record<string, unknown>) =>
  JSON.stringify({ question_id: 1, question: 'Is it normal?', answer1_text: 'Yes.', answer2_text: 'No.', modality_type: 'eye', human_answer: allLabels('A'), image: Buffer.from(png()).toString('base64'), ...extra });

type Corpus = Array<[name: string, args: () => string[], expected: RegExp | string]>;
const data = (path: string) => ['--data', path];

const corpus: Corpus = [
  ['a truncated parquet file', () => { const r = layout(); truncateSync(pq(r), statSync(pq(r)).size >> 1); return data(r); }, /brain\.parquet: not a readable parquet file/],
  ['an empty parquet file', () => { const r = layout(); writeFileSync(pq(r), ''); return data(r); }, /brain\.parquet: not a readable parquet file/],
  ['a question column of numbers', () => {
    const r = layout();
    parquetWriteFile({ filename: pq(r), columnData: [
      { name: 'image', data: [{ bytes: png(), path: null }] },
      { name: 'question', data: [42], type: 'INT32' },
      { name: 'answer1_text', data: ['a'], type: 'STRING' },
      { name: 'answer2_text', data: ['b'], type: 'STRING' },
      { name: 'question_id', data: [1], type: 'INT32' },
    ] });
    return data(r);
  }, /brain\.parquet: row 1: field 'question': expected text, got number/],
  ['a missing question column', () => data(layout(undefined, { omitColumns: ['question'] })), /brain\.parquet: field 'question': missing column/],
  ['a missing image column', () => data(layout(undefined, { omitColumns: ['image'] })), /brain\.parquet: field 'image': missing column/],
  ['a missing answer1_text column', () => data(layout(undefined, { omitColumns: ['answer1_text'] })), /field 'answer1_text': missing column/],
  ['a missing question_id column', () => data(layout(undefined, { omitColumns: ['question_id'] })), /field 'question_id': missing column/],
  ['non-image bytes', () => data(layout((rows) => [{ ...rows[0]!, image: new TextEncoder().encode('GIF? no, a text file') }, ...rows.slice(1)])), /row 1: field 'image': not an image/],
  ['a truncated PNG', () => data(layout((rows) => [{ ...rows[0]!, image: rows[0]!.image!.subarray(0, 100) }, ...rows.slice(1)])), /row 1: field 'image': PNG is truncated/],
  ['a PNG with damaged bytes', () => data(layout((rows) => { const b = Uint8Array.from(rows[1]!.image!); b.fill(7, 50, 60); return [rows[0]!, { ...rows[1]!, image: b }, rows[2]!]; })), /row 2: field 'image': PNG is damaged/],
  ['a huge image', () => data(layout((rows) => [{ ...rows[0]!, image: hugePng(21_000_000) }, ...rows.slice(1)])), /row 1: field 'image': image is 21\.0 MB, over the 20 MB/],
  ['an image struct with neither bytes nor path', () => data(layout((rows) => [{ ...rows[0]!, image: null }, ...rows.slice(1)])), /row 1: field 'image': image struct has neither bytes nor a path/],
  ['a label "a"', () => { const r = layout(); setLabel(r, 0, 'accuracy', 'a'); return data(r); }, /brain\.jsonl: row 1: field 'human_answer\.accuracy': label must be "A" or "B", got "a"/],
  ['a label "tie"', () => { const r = layout(); setLabel(r, 1, 'overall', 'tie'); return data(r); }, /row 2: field 'human_answer\.overall': label must be "A" or "B", got "tie"/],
  ['an empty label', () => { const r = layout(); setLabel(r, 2, 'creativity', ''); return data(r); }, /row 3: field 'human_answer\.creativity': label must be "A" or "B", got ""/],
  ['a missing label', () => { const r = layout(); setLabel(r, 0, 'relevance', undefined); return data(r); }, /row 1: field 'human_answer\.relevance': missing label/],
  ['labels that are not an object', () => { const r = layout(); editGroundTruth(r, (l) => [JSON.stringify({ question_id: 1, human_answer: 'A' }), ...l.slice(1)]); return data(r); }, /row 1: field 'human_answer': not a JSON object of labels/],
  ['a ground-truth line that is not JSON', () => { const r = layout(); editGroundTruth(r, (l) => [l[0]!, '{"question_id": 2,', l[2]!]); return data(r); }, /brain\.jsonl: row 2: not valid JSON/],
  ['a duplicate id in the parquet', () => data(layout((rows) => [rows[0]!, { ...rows[1]!, questionId: 1 }, rows[2]!])), /brain\.parquet: row 2: field 'question_id': duplicate question_id 1/],
  ['a duplicate id in the ground truth', () => { const r = layout(); editGroundTruth(r, (l) => [...l, l[0]!]); return data(r); }, /brain\.jsonl: row 4: field 'question_id': duplicate question_id 1/],
  ['ground truth without its parquet', () => { const r = layout(); writeFileSync(gt(r, 'heart'), readFileSync(gt(r))); return data(r); }, /heart\.jsonl: no parquet file parquet\/heart\.parquet/],
  ['a parquet without its ground truth', () => { const r = layout(); writeFileSync(pq(r, 'lung'), readFileSync(pq(r))); return data(r); }, /lung\.parquet: no ground-truth file lung\.jsonl/],
  ['an id in the parquet without labels', () => { const r = layout(); editGroundTruth(r, (l) => l.slice(0, 2)); return data(r); }, /brain\.parquet: row 3: field 'question_id': question_id 3 has no labels/],
  ['an id in the ground truth without a row', () => { const r = layout(); editGroundTruth(r, (l) => [...l, JSON.stringify({ question_id: 9, human_answer: allLabels('A') })]); return data(r); }, /brain\.jsonl: row 4: field 'question_id': question_id 9 has no row/],
  ['an empty question', () => data(layout((rows) => [{ ...rows[0]!, question: '' }, ...rows.slice(1)])), /row 1: field 'question': empty/],
  ['an empty answer', () => data(layout((rows) => [rows[0]!, { ...rows[1]!, answer2: '   ' }, rows[2]!])), /row 2: field 'answer2_text': empty/],
  ['an empty ground-truth file', () => { const r = layout(); writeFileSync(gt(r), ''); return data(r); }, /brain\.parquet: row 1: field 'question_id': question_id 1 has no labels/],
  ['non-UTF-8 text', () => data(singleJsonl(Buffer.concat([Buffer.from(jsonlCase({}).replace('Is it normal?', 'Is it norm')), Buffer.from([0xe9, 0x6c]), Buffer.from('?"}\n')]))), /cases\.jsonl: row 1: not valid UTF-8 text/],
  ['a JSONL case without an organ system', () => data(singleJsonl([jsonlCase({ modality_type: undefined })])), /cases\.jsonl: row 1: field 'modality_type': missing organ system/],
  ['an image path that does not exist', () => data(singleJsonl([jsonlCase({ image: 'images/missing.png' })])), /cases\.jsonl: row 1: field 'image': image file not found: images\/missing\.png/],
  ['a question id that is null', () => data(singleJsonl([jsonlCase({ question_id: null })])), /cases\.jsonl: row 1: field 'question_id': missing/],
  ['an empty JSONL file', () => data(singleJsonl([''])), /no valid cases to judge/],
  ['a path that does not exist', () => data('/nonexistent/med-rewardbench'), /\/nonexistent\/med-rewardbench: no such file or directory/],
  ['a folder that is not a dataset', () => data(tempDir()), /no dataset here: expected pair_gt_all/],
  ['a CSV file', () => { const f = join(tempDir(), 'cases.csv'); writeFileSync(f, 'a,b\n'); return data(f); }, /cases\.csv: expected a \.parquet or \.jsonl file/],
  ['an unknown organ system', () => ['--data', layout(), '--organs', 'kidney'], /unknown organ system\(s\) kidney/],
  ['an unknown judge kind', () => ['--judge', 'llamafile:x'], /unknown judge kind "llamafile"/],
  ['an unknown baseline', () => ['--judge', 'baseline:coin'], /unknown baseline "coin"/],
  ['a base URL that is not a URL', () => ['--judge', 'openai-compatible:m', '--base-url', 'localhost:8000'], /not an http\(s\) URL: localhost:8000/],
  ['an API key variable that is not set', () => ['--judge', 'openai-compatible:m', '--base-url', 'http://127.0.0.1:9/v1', '--api-key-env', 'MRB_NO_SUCH_KEY'], /no API key: MRB_NO_SUCH_KEY is not set/],
  ['a concurrency of 0', () => ['--concurrency', '0'], /--concurrency/],
  ['a timeout of 0', () => ['--judge', 'baseline:random', '--timeout', '0'], /--timeout/],
  ['an unknown parser', () => ['--parser', 'lenient'], /argument 'lenient' is invalid/],
];

let store: string;
let out: string;
const fingerprint = () =>
  ['', '-wal'].map((suffix) => (existsSync(store + suffix) ? createHash('sha256').update(readFileSync(store + suffix)).digest('hex') : 'absent')).join(' ');

beforeAll(async () => {
  store = join(tempDir(), 'store.sqlite');
  out = tempDir();
  expect((await runCli(['run', '--judge', 'baseline:always-a', '--organs', 'eye', '--store', store, '--out', out])).code).toBe(0);
});

describe(`${corpus.length} broken inputs`, () => {
  it('are at least 30', () => expect(corpus.length).toBeGreaterThanOrEqual(30));

  it.each(corpus)('%s: exit 2, a precise message, the store untouched', async (_name, args, expected) => {
    const before = fingerprint();
    const result = await runCli(['run', ...args(), '--store', store, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(fingerprint()).toBe(before);
  });
});
