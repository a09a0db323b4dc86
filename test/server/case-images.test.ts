import { renameSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOfficialLayout } from '../../src/dataset/official-layout-writer.js';
import { phantomPng } from '../../src/dataset/phantom-image.js';
import { CaseImages, ImageUnavailableError } from '../../src/server/viewer/case-images.js';
import { openStore } from '../../src/store/open-store.js';
import type { CaseRecord } from '../../src/dataset/case.js';
import { judgedRun, type JudgedRun } from '../report/judged-run.js';

let run: JudgedRun;
let cases: CaseRecord[];
beforeAll(async () => {
  run = await judgedRun({ foot: 2, heart: 1 });
  const store = await openStore(run.store, { mustExist: true });
  cases = await store.runCases(run.runId);
  await store.close();
});
afterAll(async () => {
  await run?.server.close();
});

describe('case images', () => {
  it('reads the image of a stored case from the run dataset, and keeps its organ system at hand', async () => {
    const images = new CaseImages();
    const foot2 = await images.get(run.data, cases.find((c) => c.uid === 'foot/2')!);
    expect(Buffer.from(foot2.bytes).equals(Buffer.from(run.rows[1]!.image!))).toBe(true);
    expect(foot2.mime).toBe('image/png');
    // foot/1 was read on the way: it is served without reading the dataset again, even once it is gone.
    const moved = `${run.data}-moved`;
    rmSync(moved, { recursive: true, force: true });
    renameSync(run.data, moved);
    try {
      const foot1 = await images.get(run.data, cases.find((c) => c.uid === 'foot/1')!);
      expect(Buffer.from(foot1.bytes).equals(Buffer.from(run.rows[0]!.image!))).toBe(true);
      await expect(images.get(run.data, cases.find((c) => c.uid === 'heart/1')!)).rejects.toThrow(`the dataset of this run is no longer at ${run.data}`);
    } finally {
      renameSync(moved, run.data);
    }
  });

  it('shows no image rather than a wrong one when the dataset changed since the run', async () => {
    const changed = run.rows.map((r) => (r.organ === 'heart' ? { ...r, image: phantomPng('heart', { seed: 999, size: 32 }) } : r));
    writeOfficialLayout(run.data, changed);
    const error = await new CaseImages().get(run.data, cases.find((c) => c.uid === 'heart/1')!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageUnavailableError);
    expect((error as Error).message).toBe(`the image of heart/1 is no longer in the dataset at ${run.data} (moved or changed since the run)`);
  });
});
