// The baseline of the harness benchmark: the least a program can do to send the same requests. It
// reads the same parquet files, builds the same paper-prompt requests with base64 images, sends them
// with Node's fetch at the same concurrency, and parses the replies. No store, no validation, no retry.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { paperPrompt } from '../dist/protocol/paper-prompt.js';

const [root, baseUrl, concurrencyText] = process.argv.slice(2);
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
      const response = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: next.value });
      const reply = await response.json();
      JSON.parse(reply.choices[0].message.content);
      parsed++;
    }
  }),
);
process.stderr.write(`${parsed} replies\n`);
