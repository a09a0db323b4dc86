import type { Dimension } from '../protocol/dimensions.js';
import type { Order } from '../protocol/verdict.js';
import { GROUPINGS, type CaseTable } from './case-table.js';
import { cohenKappaFromTable } from './cohen-kappa.js';
import { VERDICT, type JudgeMatrix } from './judge-matrix.js';

const CODES = 6;
// Per order and slot: judge's code x expert label x which answer is longer (none, A, B).
const PER_ORDER = CODES * 2 * 3;
// Per slot: consistency across orders (none, wrong, right) x label x what the experts preferred
// (lengths equal, the longer, the shorter) x right in how many orders (0..2).
const PER_CASE = 3 * 2 * 3 * 3;

/**
 * Where each case counts: the slot of all cases, and one slot for each grouping's group of the
 * case (cases outside a department or question type count in one extra slot nobody reads).
 */
export interface CaseSlots {
  /** Slots of case i: `of[g][i]` for grouping g; slot 0 is all cases. */
  readonly of: readonly Int32Array[];
  readonly count: number;
  /** The slot of each grouping's first group. */
  readonly offsets: readonly number[];
  /** Cases per slot. */
  readonly size: Int32Array;
}

export function caseSlots(table: CaseTable): CaseSlots {
  const offsets: number[] = [];
  let next = 1;
  for (const g of GROUPINGS) {
    offsets.push(next);
    next += table.groups[g].names.length;
  }
  const sink = next;
  const of = GROUPINGS.map((g, k) => Int32Array.from(table.groups[g].of, (x) => (x < 0 ? sink : x + offsets[k]!)));
  const size = new Int32Array(sink + 1);
  size[0] = table.n;
  for (const slots of of) for (const slot of slots) size[slot]!++;
  return { of, count: sink + 1, offsets, size };
}

/**
 * The counts every point figure of one judge on one dimension is a ratio of, for all cases and
 * every group at once: each case adds one to a few table cells of its four slots, with no branch
 * on what the judge said. Passing over the cases once per group instead cost four times the
 * visits, each a handful of unpredictable branches.
 */
export class FigureCounts {
  private readonly perOrder: Int32Array[];
  private readonly perCase: Int32Array;

  constructor(
    private readonly matrix: JudgeMatrix,
    table: CaseTable,
    d: Dimension,
    correct: Uint8Array,
    slots: CaseSlots,
  ) {
    const { n, longer } = table;
    const labels = table.labels[d];
    const [organ, department, type] = slots.of as [Int32Array, Int32Array, Int32Array];
    this.perOrder = matrix.orders.map((order) => {
      const counts = new Int32Array(slots.count * PER_ORDER);
      const v = matrix.verdicts[order]![d];
      for (let i = 0; i < n; i++) {
        const cell = (v[i]! * 2 + labels[i]!) * 3 + longer[i]! + 1;
        counts[cell]!++;
        counts[organ[i]! * PER_ORDER + cell]!++;
        counts[department[i]! * PER_ORDER + cell]!++;
        counts[type[i]! * PER_ORDER + cell]!++;
      }
      return counts;
    });
    this.perCase = new Int32Array(slots.count * PER_CASE);
    const ab = matrix.orders.length === 2 ? matrix.verdicts.AB![d] : undefined;
    const ba = matrix.orders.length === 2 ? matrix.verdicts.BA![d] : undefined;
    for (let i = 0; i < n; i++) {
      const label = labels[i]!;
      let consistency = 0;
      if (ab && ba) {
        const a = ab[i]!;
        if ((a === VERDICT.A || a === VERDICT.B) && a === ba[i]) consistency = a === label ? 2 : 1;
      }
      const preferred = longer[i] === -1 ? 0 : label === longer[i] ? 1 : 2;
      const cell = ((consistency * 2 + label) * 3 + preferred) * 3 + correct[i]!;
      this.perCase[cell]!++;
      this.perCase[organ[i]! * PER_CASE + cell]!++;
      this.perCase[department[i]! * PER_CASE + cell]!++;
      this.perCase[type[i]! * PER_CASE + cell]!++;
    }
  }

  /** The figures of the cases of one slot (`cases` of them). */
  figures(slot: number, cases: number): CountedFigures {
    const { matrix } = this;
    const byCode = [0, 0, 0, 0, 0, 0];
    let right = 0;
    let firstSlot = 0;
    let choices = 0;
    let longerChosen = 0;
    let unequalChoices = 0;
    const accuracyByOrder: Partial<Record<Order, number>> = {};
    const confusion = Array.from({ length: CODES }, () => new Array<number>(CODES).fill(0));
    matrix.orders.forEach((order, o) => {
      const counts = this.perOrder[o]!;
      let correctInOrder = 0;
      for (let code = 0; code < CODES; code++) {
        for (let label = 0; label < 2; label++) {
          for (let lengths = 0; lengths < 3; lengths++) {
            const count = counts[slot * PER_ORDER + (code * 2 + label) * 3 + lengths]!;
            confusion[code]![label]! += count;
            if (code !== VERDICT.A && code !== VERDICT.B) {
              byCode[code]! += count;
              continue;
            }
            if (code === label) correctInOrder += count;
            choices += count;
            // In the swapped order the first slot shows answer B.
            if (code === (order === 'AB' ? VERDICT.A : VERDICT.B)) firstSlot += count;
            if (lengths !== 0) {
              unequalChoices += count;
              if (code === lengths - 1) longerChosen += count;
            }
          }
        }
      }
      right += correctInOrder;
      accuracyByOrder[order] = cases === 0 ? 0 : correctInOrder / cases;
    });
    let consistent = 0;
    let consistentCorrect = 0;
    let labelA = 0;
    const casesPreferring = [0, 0, 0];
    const rightPreferring = [0, 0, 0];
    for (let consistency = 0; consistency < 3; consistency++) {
      for (let label = 0; label < 2; label++) {
        for (let preferred = 0; preferred < 3; preferred++) {
          for (let correct = 0; correct < 3; correct++) {
            const count = this.perCase[slot * PER_CASE + ((consistency * 2 + label) * 3 + preferred) * 3 + correct]!;
            if (consistency > 0) consistent += count;
            if (consistency === 2) consistentCorrect += count;
            if (label === 0) labelA += count;
            casesPreferring[preferred]! += count;
            rightPreferring[preferred]! += count * correct;
          }
        }
      }
    }
    const both = matrix.orders.length === 2;
    return {
      accuracyByOrder,
      byCode,
      right,
      choices,
      firstSlot,
      longerChosen,
      unequalChoices,
      consistent: both ? consistent : null,
      consistentCorrect: both ? consistentCorrect : null,
      longerCases: casesPreferring[1]!,
      longerRight: rightPreferring[1]!,
      shorterCases: casesPreferring[2]!,
      shorterRight: rightPreferring[2]!,
      labelA,
      kappa: cohenKappaFromTable(confusion),
    };
  }
}

/** The counts of one slot, as `dimensionFigures` turns them into figures. */
export interface CountedFigures {
  readonly accuracyByOrder: Partial<Record<Order, number>>;
  /** Trials per verdict code, choices (A, B) left at zero: they are `right` and `choices - right`. */
  readonly byCode: readonly number[];
  readonly right: number;
  readonly choices: number;
  readonly firstSlot: number;
  readonly longerChosen: number;
  readonly unequalChoices: number;
  readonly consistent: number | null;
  readonly consistentCorrect: number | null;
  readonly longerCases: number;
  readonly longerRight: number;
  readonly shorterCases: number;
  readonly shorterRight: number;
  readonly labelA: number;
  readonly kappa: number;
}
