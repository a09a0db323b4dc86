import type { CaseRecord } from '../dataset/case.js';
import { DIMENSIONS, type Dimension } from '../protocol/dimensions.js';

/** Cases split by one attribute: group names and, per case, its group's index (-1 when it has none). */
export interface Grouping {
  readonly names: readonly string[];
  readonly of: Int32Array;
}

export const GROUPINGS = ['organ', 'department', 'questionType'] as const;
export type GroupingName = (typeof GROUPINGS)[number];

/** The cases of a run as arrays, so statistics over thousands of resamples stay cheap. */
export interface CaseTable {
  readonly n: number;
  readonly uids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly groups: Readonly<Record<GroupingName, Grouping>>;
  /** Expert label per case: 0 = answer A, 1 = answer B. */
  readonly labels: Readonly<Record<Dimension, Uint8Array>>;
  /** The longer answer (in code points): 0 = A, 1 = B, -1 = equal. */
  readonly longer: Int8Array;
}

function grouping(cases: readonly CaseRecord[], key: (c: CaseRecord) => string | undefined): Grouping {
  const names: string[] = [];
  const at = new Map<string, number>();
  const of = new Int32Array(cases.length);
  cases.forEach((c, i) => {
    const name = key(c);
    if (name === undefined) {
      of[i] = -1;
      return;
    }
    if (!at.has(name)) {
      at.set(name, names.length);
      names.push(name);
    }
    of[i] = at.get(name)!;
  });
  return { names, of };
}

const codePoints = (text: string) => {
  let n = 0;
  for (const _ of text) n++;
  return n;
};

export function caseTable(cases: readonly CaseRecord[]): CaseTable {
  const labels = Object.fromEntries(
    DIMENSIONS.map((d) => [d, Uint8Array.from(cases, (c) => (c.labels[d] === 'A' ? 0 : 1))]),
  ) as Record<Dimension, Uint8Array>;
  const longer = Int8Array.from(cases, (c) => {
    const a = codePoints(c.answerA);
    const b = codePoints(c.answerB);
    return a > b ? 0 : b > a ? 1 : -1;
  });
  return {
    n: cases.length,
    uids: cases.map((c) => c.uid),
    index: new Map(cases.map((c, i) => [c.uid, i])),
    groups: {
      organ: grouping(cases, (c) => c.organ),
      department: grouping(cases, (c) => c.department),
      questionType: grouping(cases, (c) => c.questionType),
    },
    labels,
    longer,
  };
}
