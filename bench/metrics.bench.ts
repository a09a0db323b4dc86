// The statistics at the scale of the paper: 32 judges x 1,026 cases x 6 dimensions x 2 orders,
// 2,000 bootstrap resamples, computed from a synthetic SQLite store.
// Measures the built package (`npm run build` first), which is what `mrb` runs.
// Prints the time of `scoreRun` (the target: it reads, parses and bootstraps on two threads), and
// for context each stage alone on one thread (medians of several repetitions); writes
// bench/results/metrics.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORGANS } from '../dist/dataset/organs.js';
import type { CaseRecord } from '../dist/dataset/case.js';
import { DIMENSIONS } from '../dist/protocol/dimensions.js';
import { stratifiedResamples } from '../dist/metrics/bootstrap.js';
import { caseTable } from '../dist/metrics/case-table.js';
import { judgeStatistics } from '../dist/metrics/judge-statistics.js';
import { judgeMatrices } from '../dist/metrics/judge-matrix.js';
import { scoreRun } from '../dist/metrics/score-run.js';
import { seededRandom } from '../dist/metrics/seeded-random.js';
import { openStore } from '../dist/store/open-store.js';
import { readSqliteResults } from '../dist/store/sqlite-results-read.js';
import type { Order } from '../dist/protocol/verdict.js';

const JUDGES = 32;
const CASES = 1026;
const ORDERS: Order[] = ['AB', 'BA'];
const REPS = Number(process.env.BENCH_REPS ?? 5);
const KEEP = process.env.BENCH_KEEP_STORE;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

const random = seededRandom(1);
const letter = () => (random() < 0.5 ? 'A' : 'B');
const cases: CaseRecord[] = Array.from({ length: CASES }, (_, i) => {
  const organ = ORGANS[i % ORGANS.length]!;
  return {
    uid: `${organ}/${i}`,
    organ,
    questionId: String(i),
    // As in the paper, each organ system is paired with a clinical department.
    department: `dept-${ORGANS.indexOf(organ) % 8}`,
    questionType: i % 2 ? 'open' : 'closed',
    question: `question ${i}`,
    answerA: 'a'.repeat(50 + (i % 40)),
    answerB: 'b'.repeat(60 + (i % 30)),
    labels: Object.fromEntries(DIMENSIONS.map((d) => [d, letter()])) as CaseRecord['labels'],
    imageSha256: '0'.repeat(64),
    imageMime: 'image/png',
    imageSize: 1000,
  };
});

const dir = KEEP ?? mkdtempSync(join(tmpdir(), 'mrb-bench-'));
const store = await openStore(join(dir, 'bench.sqlite'));
const judges = Array.from({ length: JUDGES }, (_, j) => `openai-compatible:judge-${j}`);
await store.openRun({
  id: 'bench',
  settings: { judges: judges.map((spec) => ({ spec, settings: {} })), orders: ORDERS, samples: 1, parser: 'strict' },
  dataset: { path: 'synthetic', organs: null, fingerprint: 'x', cases: CASES, casesByOrgan: {}, skipped: [], problems: 0 },
});
await store.putCases('bench', cases, 0);
const [, setupMs] = await time(async () => {
  for (const judge of judges) {
    const trials = cases.flatMap((c) => ORDERS.map((order) => ({ caseUid: c.uid, judge, order, sample: 0, key: `${judge}/${c.uid}/${order}` })));
    await store.putTrials('bench', trials);
    await store.putJudgments(trials.map((t) => {
      const verdict = Object.fromEntries(DIMENSIONS.map((d) => [d, letter()]));
      return {
        key: t.key, judge, rawOutput: JSON.stringify({ ...verdict, reason: `${t.caseUid}: the first answer names the finding and its location.` }),
        reasoning: null, inputTokens: 900, outputTokens: 60, latencyMs: 800, attempts: 1, error: null, errorKind: null, createdAt: '',
      };
    }));
  }
});
console.log(`built a store of ${JUDGES * CASES * ORDERS.length} judgments in ${(setupMs / 1000).toFixed(1)} s`);

// Wall time is what the target is about; CPU time (all threads of this process) tells, on a busy
// shared machine, how much of it was waiting for a core.
const stages: Record<string, number[]> = { read: [], statistics: [], total: [], totalCpu: [] };
const loadBefore = loadavg()[0]!;
for (let rep = 0; rep < REPS; rep++) {
  const table = caseTable(await store.runCases('bench'));
  // As scoreRun reads a SQLite store: a row at a time, each trial parsed as it comes.
  const [matrices, readMs] = await time(() => judgeMatrices(table, readSqliteResults(store.sqliteResultsRead!('bench')!), judges.map((judge) => ({ judge, mode: 'pairwise' as const, samples: 1 })), ORDERS, 'strict'));
  const [, statsMs] = await time(async () => judgeStatistics(table, matrices, stratifiedResamples(table.groups.organ.of, 2000, 0)));
  const cpu = process.cpuUsage();
  const [, totalMs] = await time(() => scoreRun(store, 'bench'));
  const used = process.cpuUsage(cpu);
  stages.totalCpu!.push((used.user + used.system) / 1000);
  stages.read!.push(readMs);
  stages.statistics!.push(statsMs);
  stages.total!.push(totalMs);
}
await store.close();

const figures = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(median(v))]));
console.log(`metrics of ${JUDGES} judges x ${CASES} cases x 6 dimensions x 2 orders, 2,000 resamples (median of ${REPS}):`);
const label: Record<string, string> = {
  read: 'read and parse (one thread)',
  statistics: 'statistics (two threads)',
  total: 'scoreRun, all of it',
  totalCpu: 'its CPU time',
};
for (const [stage, ms] of Object.entries(figures)) console.log(`  ${label[stage]!.padEnd(30)} ${String(ms).padStart(6)} ms`);
console.log(`  target: total < 2000 ms -> ${figures.total! < 2000 ? 'met' : 'NOT met'} (load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/metrics.json', import.meta.url),
  JSON.stringify({ benchmark: 'metrics', judges: JUDGES, cases: CASES, orders: 2, resamples: 2000, repetitions: REPS, medianMs: figures, loadAverage: [Number(loadBefore.toFixed(1)), Number(loadavg()[0]!.toFixed(1))], node: process.version, date: new Date().toISOString() }, null, 2) + '\n',
);
