import { DIMENSIONS, type Labels } from '../protocol/dimensions.js';

export interface LabelProblem {
  readonly field: string;
  readonly message: string;
}

/** Expert labels from a `human_answer` object (or its JSON text), every dimension `A` or `B`. */
export function readLabels(value: unknown, field = 'human_answer'): { labels: Labels } | { problems: LabelProblem[] } {
  let object = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch {
      return { problems: [{ field, message: 'not a JSON object of labels' }] };
    }
  }
  if (object === null || object === undefined) return { problems: [{ field, message: 'missing' }] };
  if (typeof object !== 'object' || Array.isArray(object)) {
    return { problems: [{ field, message: 'expected an object with a label per dimension' }] };
  }
  const record = object as Record<string, unknown>;
  const problems: LabelProblem[] = [];
  for (const dim of DIMENSIONS) {
    const label = record[dim];
    if (label !== 'A' && label !== 'B') {
      problems.push({
        field: `${field}.${dim}`,
        message: label === undefined ? 'missing label' : `label must be "A" or "B", got ${JSON.stringify(label)}`,
      });
    }
  }
  return problems.length > 0 ? { problems } : { labels: record as Labels };
}
