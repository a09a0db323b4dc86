import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptText } from '../fakes/fake-api-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { testApiServer } from '../fakes/test-api-server.js';

let data: { root: string };

beforeAll(() => {
  data = writeFixtureDataset({ brain: 3, lung: 3 });
});

const ratings = (score: number) => JSON.stringify({ accuracy: score, relevance: score, comprehensiveness: score, creativity: score, responsiveness: score, overall: score, reason: 'r' });
const rowOf = (table: string, judge: string) => table.split('\n').find((line) => line.startsWith(`| ${judge}`) || line.includes(`| ${judge} |`))!;

describe('position figures of judges that never see two answers at once', () => {
  it('are shown as n/a for pointwise and reward judges, and kept but flagged in summary.json', async () => {
    // One server answers both: pooling requests get a reward, chat requests a pointwise rating.
    const server = await testApiServer((req) => (req.format === 'pooling' ? { reward: promptText(req).includes('GOOD') ? 1 : 0 } : { text: ratings(promptText(req).includes('GOOD') ? 8 : 3) }));
    const work = tempDir();
    const store = join(work, 's.sqlite');
    const r = await runCli([
      'run', '--data', data.root, '--store', store, '--out', join(work, 'out'), '--resamples', '20', '--orders', 'both',
      '--judge', 'reward:rm', '--judge', 'openai-compatible:m', '--base-url', `${server.origin}/v1`, '--mode', 'pointwise',
      '--judge', 'baseline:always-a',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.split('\n')[0]!.split(' | ');
    const swapColumn = header.indexOf('swap-consistent [95% CI]');
    expect(swapColumn).toBeGreaterThan(0);
    const cells = (judge: string) => rowOf(r.stdout, judge).split(' | ');
    expect(cells('reward:rm (single score)').slice(swapColumn, swapColumn + 2)).toEqual(['n/a', 'n/a']);
    expect(cells('openai-compatible:m \\[pointwise\\]').slice(swapColumn, swapColumn + 2)).toEqual(['n/a', 'n/a']);
    // A pairwise judge has a first slot: always-a keeps its verdict's slot, so it is never consistent.
    expect(cells('baseline:always-a')[swapColumn]).toMatch(/^0\.0 /);

    const summary = JSON.parse(readFileSync(join(work, 'out', 'summary.json'), 'utf8'));
    const flags = Object.fromEntries(summary.judges.map((j: { judge: string; positionApplies: boolean }) => [j.judge, j.positionApplies]));
    expect(flags).toEqual({ 'reward:rm': false, 'openai-compatible:m [pointwise]': false, 'baseline:always-a': true });
    expect(summary.judges[0].dimensions.overall.position.swapConsistency).toBe(1);
    // The flat files have no room for the flag: the figures are left empty there.
    const lines = readFileSync(join(work, 'out', 'summary.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const overallOf = (judge: string) => lines.find((l) => l.judge === judge && l.dimension === 'overall');
    expect([overallOf('reward:rm').swap_consistency, overallOf('reward:rm').first_slot_rate]).toEqual([null, null]);
    expect(overallOf('openai-compatible:m [pointwise]').swap_consistency).toBeNull();
    expect(overallOf('baseline:always-a').swap_consistency).toBe(0);

    const board = await runCli(['leaderboard', '--store', store, '--format', 'md', '--resamples', '20']);
    expect(board.code, board.stderr).toBe(0);
    const boardHeader = board.stdout.split('\n').find((l) => l.startsWith('| rank'))!.split(' | ');
    const boardSwap = boardHeader.indexOf('swap-consistent');
    const boardRow = (judge: string) => board.stdout.split('\n').find((l) => l.includes(` ${judge} |`))!.split(' | ');
    expect(boardRow('reward:rm').slice(boardSwap, boardSwap + 2)).toEqual(['n/a', 'n/a']);
    expect(boardRow('baseline:always-a').slice(boardSwap, boardSwap + 2)).toEqual(['0.0', '0.0-0.0']);
  });
});
