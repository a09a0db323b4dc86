import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOfficialLayout, type LayoutOptions, type LayoutRow } from '../../src/dataset/official-layout-writer.js';
import { phantomPng } from '../../src/dataset/phantom-image.js';
import type { Labels } from '../../src/protocol/dimensions.js';

export function tempDir(prefix = 'mrb-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export const allLabels = (letter: 'A' | 'B'): Labels => ({
  accuracy: letter,
  relevance: letter,
  comprehensiveness: letter,
  creativity: letter,
  responsiveness: letter,
  overall: letter,
});

/**
 * Cases whose better answer says "GOOD" and whose label points at it; a fake judge that picks the
 * "GOOD" slot is always right, one that always says A is right exactly when the label is A.
 */
export function fixtureRows(perOrgan: Record<string, number>): LayoutRow[] {
  const rows: LayoutRow[] = [];
  let n = 0;
  for (const [organ, count] of Object.entries(perOrgan)) {
    for (let i = 1; i <= count; i++) {
      n++;
      const goodFirst = n % 3 !== 0;
      const good = `GOOD answer ${n}: the finding is a ${n} mm lesion.`;
      const bad = `weak answer ${n}`;
      rows.push({
        organ,
        questionId: i,
        question: `Question ${n} about the ${organ}?`,
        answer1: goodFirst ? good : bad,
        answer2: goodFirst ? bad : good,
        image: phantomPng(organ as never, { seed: n, size: 32 }),
        labels: allLabels(goodFirst ? 'A' : 'B'),
        department: 'radiology',
      });
    }
  }
  return rows;
}

export function writeFixtureDataset(perOrgan: Record<string, number>, options?: LayoutOptions): { root: string; rows: LayoutRow[] } {
  const root = tempDir('mrb-data-');
  const rows = fixtureRows(perOrgan);
  writeOfficialLayout(root, rows, options);
  return { root, rows };
}
