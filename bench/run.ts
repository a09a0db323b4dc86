// `npm run bench`: every benchmark under bench/, one after another.
import { readdirSync } from 'node:fs';

for (const file of readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.bench.ts')).sort()) {
  console.log(`\n== ${file}`);
  await import(`./${file}`);
}
