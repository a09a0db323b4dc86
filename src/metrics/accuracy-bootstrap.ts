import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { percentileInterval, type Estimate, type Resamples } from './bootstrap.js';

/** A score per case: how many of `trials` trials were right (0..trials). */
export interface CaseScores {
  readonly correct: Uint8Array;
  readonly trials: number;
}

export interface GroupEstimate {
  readonly group: string;
  readonly cases: number;
  readonly accuracy: Estimate;
}

export interface AccuracyEstimates {
  /** Pooled over cases. */
  readonly micro: Estimate;
  /** Mean of the organ systems' accuracies. */
  readonly macro: Estimate;
  readonly groups: Readonly<Record<GroupingName, readonly GroupEstimate[]>>;
}

// Vectors are resampled in batches: one pass over the weights serves a whole batch, and the
// bootstrap distributions of one batch are all that is held at a time.
const BATCH = 32;

/**
 * Accuracy with percentile bootstrap intervals for many score vectors at once, overall and for
 * every group of every grouping. One pass over the cases per resample updates all groups.
 */
export function bootstrapAccuracy(table: CaseTable, resamples: Resamples, vectors: readonly CaseScores[]): AccuracyEstimates[] {
  const { n } = table;
  const offsets = { organ: 0, department: table.groups.organ.names.length, questionType: 0 };
  offsets.questionType = offsets.department + table.groups.department.names.length;
  const groupCount = offsets.questionType + table.groups.questionType.names.length;
  const organCount = table.groups.organ.names.length;
  const groupOf = GROUPINGS.map((g) => Int32Array.from(table.groups[g].of, (x) => (x < 0 ? -1 : x + offsets[g])));
  const [organOf, departmentOf, typeOf] = groupOf as [Int32Array, Int32Array, Int32Array];
  const groupSize = new Float64Array(groupCount);
  for (const of of groupOf) for (const g of of) if (g >= 0) groupSize[g]!++;

  const results: AccuracyEstimates[] = [];
  for (let start = 0; start < vectors.length; start += BATCH) {
    const batch = vectors.slice(start, start + BATCH);
    const b = batch.length;
    // Case-major copy of the batch's scores: the inner loop walks memory in order.
    const scores = new Uint8Array(n * b);
    batch.forEach((v, j) => v.correct.forEach((c, i) => (scores[i * b + j] = c)));
    const micro = Array.from({ length: b }, () => new Float64Array(resamples.count));
    const macro = Array.from({ length: b }, () => new Float64Array(resamples.count));
    const grouped = Array.from({ length: b * groupCount }, () => new Float64Array(resamples.count));
    const sums = new Float64Array(b * groupCount);
    const weightOf = new Float64Array(groupCount);
    for (let r = 0; r < resamples.count; r++) {
      sums.fill(0);
      weightOf.fill(0);
      const base = r * n;
      for (let i = 0; i < n; i++) {
        const w = resamples.weights[base + i]!;
        if (w === 0) continue;
        const go = organOf[i]!;
        const gd = departmentOf[i]!;
        const gt = typeOf[i]!;
        weightOf[go]! += w;
        if (gd >= 0) weightOf[gd]! += w;
        if (gt >= 0) weightOf[gt]! += w;
        const row = i * b;
        for (let j = 0; j < b; j++) {
          const s = scores[row + j]!;
          if (s === 0) continue;
          const ws = w * s;
          const at = j * groupCount;
          sums[at + go]! += ws;
          if (gd >= 0) sums[at + gd]! += ws;
          if (gt >= 0) sums[at + gt]! += ws;
        }
      }
      for (let j = 0; j < b; j++) {
        const trials = batch[j]!.trials;
        const at = j * groupCount;
        let pooled = 0;
        let organMeans = 0;
        for (let g = 0; g < groupCount; g++) {
          const accuracy = sums[at + g]! / (weightOf[g]! * trials);
          grouped[at + g]![r] = accuracy;
          if (g < organCount) {
            pooled += sums[at + g]!;
            organMeans += accuracy;
          }
        }
        micro[j]![r] = pooled / (n * trials);
        macro[j]![r] = organMeans / organCount;
      }
    }
    batch.forEach((v, j) => {
      const point = pointAccuracy(table, v, groupSize, offsets, groupCount);
      const at = j * groupCount;
      const groups = Object.fromEntries(
        GROUPINGS.map((grouping) => [
          grouping,
          table.groups[grouping].names.map((name, k) => {
            const g = offsets[grouping] + k;
            return { group: name, cases: groupSize[g]!, accuracy: percentileInterval(point.group[g]!, grouped[at + g]!) };
          }),
        ]),
      ) as Record<GroupingName, GroupEstimate[]>;
      results.push({ micro: percentileInterval(point.micro, micro[j]!), macro: percentileInterval(point.macro, macro[j]!), groups });
    });
  }
  return results;
}

function pointAccuracy(table: CaseTable, v: CaseScores, groupSize: Float64Array, offsets: Record<GroupingName, number>, groupCount: number) {
  const sums = new Float64Array(groupCount);
  let total = 0;
  for (let i = 0; i < table.n; i++) {
    const s = v.correct[i]!;
    total += s;
    for (const grouping of GROUPINGS) {
      const g = table.groups[grouping].of[i]!;
      if (g >= 0) sums[offsets[grouping] + g]! += s;
    }
  }
  const group = Float64Array.from(sums, (s, g) => s / (groupSize[g]! * v.trials));
  const organs = table.groups.organ.names.length;
  let organMeans = 0;
  for (let g = 0; g < organs; g++) organMeans += group[g]!;
  return { micro: total / (table.n * v.trials), macro: organMeans / organs, group };
}
