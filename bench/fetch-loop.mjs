// The baseline of the harness benchmark: the least a program can do to send the same requests. It
// reads the same parquet files, builds the same paper-prompt requests with base64 images, sends them
// with Node's fetch at the same concurrency, and parses the replies. No store, no validation, no retry.
// With a fourth argument `http` it sends them with node:http on kept-alive connections instead, as
// `mrb` does: the stricter baseline, since fetch itself costs about 2.5 times the CPU per request.
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { paperPrompt } from '../dist/protocol/paper-prompt.js';

const [root, baseUrl, concurrencyText, transport = 'fetch'] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true });

/** POSTs `body`, resolves to the parsed reply. */
async function post(url, body) {
  if (transport === 'fetch') {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return response.json();
  }
  const text = await new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
  return JSON.parse(text);
}

const prompt = paperPrompt(false);
const dir = join(root, 'pair_gt_all', 'parquet');

async function* requests() {
  for (const name of readdirSync(dir).sort()) {
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(join(dir, name)), utf8: false, compressors });
    for (const row of rows) {
      const url = `data:image/png;base64,${Buffer.from(row.image.bytes).toString('base64')}`;
      for (const [first, second] of [[row.answer1_text, row.answer2_text], [row.answer2_text, row.answer1_text]]) {
        yield JSON.stringify({
          model: 'bench',
          messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }, { type: 'text', text: prompt.render({ question: row.question, first, second }) }] }],
          temperature: 0.1,
          max_tokens: 4096,
        });
      }
    }
  }
}

const source = requests();
let parsed = 0;
await Promise.all(
  Array.from({ length: Number(concurrencyText) }, async () => {
    for (let next = await source.next(); !next.done; next = await source.next()) {
      const reply = await post(`${baseUrl}/chat/completions`, next.value);
      JSON.parse(reply.choices[0].message.content);
      parsed++;
    }
  }),
);
process.stderr.write(`${parsed} replies\n`);
