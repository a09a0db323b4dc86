import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { CaseTable } from './case-table.js';
import type { JudgeMatrix } from './judge-matrix.js';
import { pythonRound4 } from './python-round.js';

export type OfficialColumn = 'modality' | 'model' | `${Dimension}_acc`;

/** The reference's columns, in its order. */
export const OFFICIAL_COLUMNS: readonly OfficialColumn[] = ['modality', 'model', ...DIMENSIONS.map((d) => `${d}_acc` as const)];

export type OfficialRow = { modality: string; model: string } & Record<`${Dimension}_acc`, number>;

/**
 * The paper's table: per organ and dimension, the dataset's order and the first sample only;
 * correct verdicts over all cases of the organ (unparseable, failed or missing count as wrong),
 * rounded as Python rounds.
 */
export function officialTable(table: CaseTable, matrices: readonly JudgeMatrix[]): OfficialRow[] {
  const organs = table.groups.organ;
  const casesPerOrgan = new Array<number>(organs.names.length).fill(0);
  for (const o of organs.of) casesPerOrgan[o]!++;
  const rows: OfficialRow[] = [];
  for (const matrix of matrices) {
    const original = matrix.verdicts.AB;
    const correct = DIMENSIONS.map((d) => {
      const perOrgan = new Array<number>(organs.names.length).fill(0);
      if (original) for (let i = 0; i < table.n; i++) if (original[d][i] === table.labels[d][i]) perOrgan[organs.of[i]!]!++;
      return perOrgan;
    });
    organs.names.forEach((organ, o) => {
      const accuracies = Object.fromEntries(DIMENSIONS.map((d, k) => [`${d}_acc`, pythonRound4(correct[k]![o]! / casesPerOrgan[o]!)])) as Record<`${Dimension}_acc`, number>;
      rows.push({ modality: organ, model: matrix.judge, ...accuracies });
    });
  }
  return rows;
}
