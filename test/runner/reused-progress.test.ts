import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../src/dataset/case.js';
import { resolveDatasetSource } from '../../src/dataset/dataset-source.js';
import { readDataset } from '../../src/dataset/read-dataset.js';
import { createJudge, judgeConfigOf } from '../../src/judges/judge-spec.js';
import { claimedWork, type ClaimOptions, type ClaimedItem } from '../../src/runner/claimed-work.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function* casesOf(root: string): AsyncGenerator<Case> {
  for await (const item of readDataset(resolveDatasetSource(root))) if (item.kind === 'case') yield item.case;
}

async function all(items: AsyncIterable<ClaimedItem>): Promise<ClaimedItem[]> {
  const out: ClaimedItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('progress of a worker joining a run', () => {
  it('counts as reused only trials whose answer is stored, not those another worker still has in flight', async () => {
    const { root } = writeFixtureDataset({ brain: 4 });
    store = await openStore(join(tempDir(), 's.sqlite'));
    await store.openRun({ id: 'r', settings: {}, dataset: {} });
    const judge = createJudge(judgeConfigOf('baseline:always-a'));
    const base = { store, runId: 'r', judges: [judge], orders: ['AB'] as const, ttlMs: 60_000, claimSize: 8 };
    const maker: ClaimOptions = { ...base, plans: true, holder: { owner: 'maker', host: 'here', pid: 1 } };
    // The maker claims all four trials and answers one: three stay in flight with it.
    const held = await all(claimedWork(casesOf(root), maker));
    expect(held).toHaveLength(4);
    const done = held[0]!;
    await store.putJudgments([{ key: done.key, judge: judge.spec, rawOutput: '{}', reasoning: null, inputTokens: null, outputTokens: null, latencyMs: 1, attempts: 1, error: null, errorKind: null, createdAt: new Date().toISOString() }]);
    await store.finishClaims('r', 'maker', [done.key]);

    const skipped: number[] = [];
    const joiner: ClaimOptions = { ...base, plans: false, holder: { owner: 'joiner', host: 'here', pid: 2 }, onSkipped: (rows) => skipped.push(rows) };
    expect(await all(claimedWork(casesOf(root), joiner))).toHaveLength(0);
    expect(skipped.reduce((a, b) => a + b, 0)).toBe(1);
  });
});
