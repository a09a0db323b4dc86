import type { Labels } from '../protocol/dimensions.js';
import { caseUid } from './case.js';
import type { DataProblem } from './data-problem.js';
import { readLabels } from './labels.js';
import { questionIdOf } from './question-id.js';
import { jsonlRows } from './table-rows.js';

export interface GroundTruthEntry {
  readonly row: number;
  /** Absent when the labels themselves are invalid (a problem says why). */
  readonly labels?: Labels;
}

export interface GroundTruth {
  readonly entries: ReadonlyMap<string, GroundTruthEntry>;
  /** Ids that occur more than once: their cases are invalid, whichever line is right. */
  readonly duplicated: ReadonlySet<string>;
  readonly problems: readonly DataProblem[];
}

/** One organ's `pair_gt_all/<organ>.jsonl`: small (ids and labels), so it is read whole. */
export async function readGroundTruth(path: string, organ: string): Promise<GroundTruth> {
  const entries = new Map<string, GroundTruthEntry>();
  const duplicated = new Set<string>();
  const problems: DataProblem[] = [];
  for await (const line of jsonlRows(path)) {
    if ('error' in line) {
      problems.push({ file: path, row: line.row, message: line.error });
      continue;
    }
    const id = questionIdOf(line.values.question_id);
    if ('problem' in id) {
      problems.push({ file: path, row: line.row, field: 'question_id', message: id.problem });
      continue;
    }
    const uid = caseUid(organ, id.questionId);
    const earlier = entries.get(id.questionId);
    if (earlier) {
      duplicated.add(id.questionId);
      problems.push({
        file: path,
        row: line.row,
        field: 'question_id',
        message: `duplicate question_id ${id.questionId} (first on row ${earlier.row})`,
        caseUid: uid,
      });
      continue;
    }
    const labels = readLabels(line.values.human_answer);
    if ('problems' in labels) {
      for (const p of labels.problems) problems.push({ file: path, row: line.row, ...p, caseUid: uid });
      entries.set(id.questionId, { row: line.row });
    } else {
      entries.set(id.questionId, { row: line.row, labels: labels.labels });
    }
  }
  return { entries, duplicated, problems };
}
