import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';
import type { ScoredTrial } from './outcome.js';
import { pythonRound4 } from './python-round.js';

export type OfficialColumn = 'modality' | 'model' | `${Dimension}_acc`;

/** The reference's columns, in its order. */
export const OFFICIAL_COLUMNS: readonly OfficialColumn[] = ['modality', 'model', ...DIMENSIONS.map((d) => `${d}_acc` as const)];

export type OfficialRow = { modality: string; model: string } & Record<`${Dimension}_acc`, number>;

/** Organ systems in the order their cases came, as the reference lists them. */
export function organsInOrder(cases: readonly CaseRecord[]): string[] {
  return [...new Set(cases.map((c) => c.organ))];
}

/**
 * The paper's table: per organ and dimension, the dataset's order and the first sample only;
 * correct verdicts over all cases of the organ (unparseable, failed or missing count as wrong),
 * rounded as Python rounds.
 */
export function officialTable(cases: readonly CaseRecord[], scored: readonly ScoredTrial[], judges: readonly string[]): OfficialRow[] {
  const casesPerOrgan = new Map<string, number>();
  for (const c of cases) casesPerOrgan.set(c.organ, (casesPerOrgan.get(c.organ) ?? 0) + 1);
  const correct = new Map<string, number>();
  for (const t of scored) {
    if (t.order !== 'AB' || t.sample !== 0) continue;
    for (const d of DIMENSIONS) {
      if (t.outcomes[d] === 'correct') {
        const key = `${t.judge}\0${t.organ}\0${d}`;
        correct.set(key, (correct.get(key) ?? 0) + 1);
      }
    }
  }
  const rows: OfficialRow[] = [];
  for (const judge of judges) {
    for (const organ of organsInOrder(cases)) {
      const total = casesPerOrgan.get(organ)!;
      const accuracies = Object.fromEntries(
        DIMENSIONS.map((d) => [`${d}_acc`, pythonRound4((correct.get(`${judge}\0${organ}\0${d}`) ?? 0) / total)]),
      ) as Record<`${Dimension}_acc`, number>;
      rows.push({ modality: organ, model: judge, ...accuracies });
    }
  }
  return rows;
}
