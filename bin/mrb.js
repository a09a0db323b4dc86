#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/entry.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('med-rewardbench is not built: run `npm install` (or `npm run build`) in its folder first\n');
  process.exit(1);
}
await import(entry.href);
