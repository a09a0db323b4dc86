import { fileWriter, parquetWriteRows, type ColumnSource } from 'hyparquet-writer';
import { DIMENSIONS } from '../protocol/dimensions.js';
import type { RunScore } from '../metrics/score-run.js';
import { scoredTrials, type TrialOfRun } from './scored-trials.js';

type Column = Omit<ColumnSource, 'data'>;

export const JUDGMENTS_ROW_GROUP = 500;

// Types are spelled out: inferring them from the first row group would make a column of nulls
// (no error in the first 1000 trials) unreadable for pandas.
export const JUDGMENT_PARQUET_COLUMNS: readonly Column[] = [
  { name: 'case_id', type: 'STRING' },
  { name: 'organ', type: 'STRING' },
  { name: 'department', type: 'STRING' },
  { name: 'judge', type: 'STRING' },
  { name: 'order', type: 'STRING' },
  { name: 'sample', type: 'INT32' },
  { name: 'raw_output', type: 'STRING' },
  { name: 'reasoning', type: 'STRING' },
  { name: 'reason', type: 'STRING' },
  ...DIMENSIONS.flatMap((d): Column[] => [
    { name: `verdict_${d}`, type: 'STRING' },
    { name: `label_${d}`, type: 'STRING' },
    { name: `correct_${d}`, type: 'BOOLEAN' },
    { name: `outcome_${d}`, type: 'STRING' },
  ]),
  { name: 'input_tokens', type: 'INT32' },
  { name: 'output_tokens', type: 'INT32' },
  { name: 'latency_ms', type: 'DOUBLE' },
  { name: 'attempts', type: 'INT32' },
  { name: 'error', type: 'STRING' },
  { name: 'error_kind', type: 'STRING' },
];

/**
 * One row per trial: the verdict (in the dataset's order) beside the labels, per dimension. `correct`
 * is null when there is no choice to compare (not run, request error, parse failure): a missing
 * verdict is not a wrong one, and analysts filter on it.
 */
function judgmentRow({ case: c, result, scored: t }: TrialOfRun): Record<string, unknown> {
  const j = result.judgment;
  const row: Record<string, unknown> = {
    case_id: c.uid,
    organ: c.organ,
    department: c.department ?? null,
    judge: result.judge,
    order: result.order,
    sample: result.sample,
    raw_output: j?.rawOutput ?? null,
    reasoning: j?.reasoning ?? null,
    reason: t.reason,
    input_tokens: j?.inputTokens ?? null,
    output_tokens: j?.outputTokens ?? null,
    latency_ms: j ? j.latencyMs : null,
    attempts: j?.attempts ?? null,
    error: j?.error ?? null,
    error_kind: j?.errorKind ?? null,
  };
  for (const d of DIMENSIONS) {
    const v = t.verdict?.[d];
    const outcome = t.outcomes[d];
    row[`verdict_${d}`] = v && 'choice' in v ? v.choice : null;
    row[`label_${d}`] = c.labels[d];
    row[`correct_${d}`] = outcome === 'correct' ? true : outcome === 'wrong' || outcome === 'tie' ? false : null;
    row[`outcome_${d}`] = outcome;
  }
  return row;
}

/**
 * Every judgment of the run as a parquet file, for pandas, polars or DuckDB. `alongside` sees each
 * trial as its row is written: another file of every trial is written in the same pass over them.
 */
export async function writeJudgmentsParquet(path: string, score: RunScore, alongside?: (trial: TrialOfRun) => void): Promise<void> {
  async function* rows(): AsyncGenerator<Record<string, unknown>> {
    for await (const trial of scoredTrials(score)) {
      alongside?.(trial);
      yield judgmentRow(trial);
    }
  }
  // Row groups of a fixed size: the writer's default grows them to 100,000 rows after the first,
  // buffering that many row objects (about 100 MB at 40,000 trials) before writing any.
  await parquetWriteRows({ writer: fileWriter(path), rows: rows(), columns: [...JUDGMENT_PARQUET_COLUMNS], rowGroupSize: JUDGMENTS_ROW_GROUP, createdBy: 'med-rewardbench' });
}
