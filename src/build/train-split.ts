import { createHash } from 'node:crypto';
import { normaliseAnswer } from './answer-match.js';

export interface SplitCase {
  readonly uid: string;
  readonly imageSha256: string;
  readonly question: string;
}

export interface Split {
  readonly train: readonly string[];
  readonly test: readonly string[];
  /** Groups of cases that share an image or a question, directly or through each other. */
  readonly groups: number;
}

/**
 * Train and test sets that share no image and no question: cases linked by either are grouped
 * (union-find), and whole groups go to one side, so a judge is never tested on an image or a
 * question it was trained on. Groups are ordered by a seeded hash and the test set takes groups
 * until it holds `testFraction` of the cases.
 */
export function splitCases(cases: readonly SplitCase[], testFraction: number, seed: number): Split {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const c of cases) {
    const keys = [`case:${c.uid}`, `image:${c.imageSha256}`, `question:${normaliseAnswer(c.question)}`];
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    union(keys[0]!, keys[1]!);
    union(keys[0]!, keys[2]!);
  }
  const groups = new Map<string, string[]>();
  for (const c of cases) {
    const root = find(`case:${c.uid}`);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(c.uid);
  }
  const order = [...groups.entries()]
    .map(([root, uids]) => ({ uids, rank: createHash('sha256').update(`${seed}\0${root}`).digest('hex') }))
    .sort((a, b) => a.rank.localeCompare(b.rank));
  const wanted = Math.max(1, Math.round(testFraction * cases.length));
  const test: string[] = [];
  const train: string[] = [];
  for (const g of order) (test.length < wanted ? test : train).push(...g.uids);
  return { train, test, groups: groups.size };
}
