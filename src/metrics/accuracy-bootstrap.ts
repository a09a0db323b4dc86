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

// Vectors are resampled in batches: one pass over the weights serves a whole batch, and only one
// batch's bootstrap distributions are held at a time.
const BATCH = 96;

/**
 * Several small integer scores share one float64 ("lanes"): one multiply-add then updates several
 * vectors at once, exactly, as long as no lane's total can reach the next lane. That bound is the
 * largest possible sum, trials x cases, since resample weights add up to the number of cases.
 */
function laneLayout(maxTotal: number) {
  const bits = Math.max(1, Math.ceil(Math.log2(maxTotal + 1)));
  const lanes = Math.max(1, Math.min(4, Math.floor(52 / bits)));
  return { lanes, base: 2 ** bits };
}

/**
 * Accuracy with percentile bootstrap intervals for many score vectors at once, overall (micro and
 * macro) and for every group of every grouping. One pass over the cases per resample updates all
 * groups of all vectors of a batch.
 */
export function bootstrapAccuracy(table: CaseTable, resamples: Resamples, vectors: readonly CaseScores[]): AccuracyEstimates[] {
  const { n } = table;
  const offsets: Record<GroupingName, number> = { organ: 0, department: 0, questionType: 0 };
  let groupCount = 0;
  for (const g of GROUPINGS) {
    offsets[g] = groupCount;
    groupCount += table.groups[g].names.length;
  }
  const organCount = table.groups.organ.names.length;
  // Cases outside a department or question type add into one extra slot nobody reads, so the hot
  // loop has no branches.
  const sink = groupCount;
  const slots = groupCount + 1;
  const slotOf = GROUPINGS.map((g) => Int32Array.from(table.groups[g].of, (x) => (x < 0 ? sink : x + offsets[g])));
  const [organSlot, departmentSlot, typeSlot] = slotOf as [Int32Array, Int32Array, Int32Array];
  const groupSize = new Float64Array(slots);
  for (const of of slotOf) for (const g of of) groupSize[g]!++;

  const maxTrials = Math.max(1, ...vectors.map((v) => v.trials));
  const { lanes, base: laneBase } = laneLayout(maxTrials * n);
  const laneScale = Array.from({ length: lanes }, (_, l) => laneBase ** l);

  const results: AccuracyEstimates[] = [];
  for (let start = 0; start < vectors.length; start += BATCH) {
    const batch = vectors.slice(start, start + BATCH);
    const packedWidth = Math.ceil(batch.length / lanes);
    // Case-major, packed: scores[i * packedWidth + p] holds vectors p*lanes .. p*lanes+lanes-1.
    const scores = new Float64Array(n * packedWidth);
    batch.forEach((v, j) => {
      const p = Math.floor(j / lanes);
      const scale = laneScale[j % lanes]!;
      for (let i = 0; i < n; i++) scores[i * packedWidth + p]! += v.correct[i]! * scale;
    });
    const distributions = Array.from({ length: batch.length * (groupCount + 2) }, () => new Float64Array(resamples.count));
    const microAt = (j: number) => j * (groupCount + 2) + groupCount;
    const sums = new Float64Array(slots * packedWidth);
    const weightOf = new Float64Array(slots);
    const weights = resamples.weights;
    for (let r = 0; r < resamples.count; r++) {
      sums.fill(0);
      weightOf.fill(0);
      const offset = r * n;
      for (let i = 0; i < n; i++) {
        const w = weights[offset + i]!;
        if (w === 0) continue;
        const so = organSlot[i]!;
        const sd = departmentSlot[i]!;
        const st = typeSlot[i]!;
        weightOf[so]! += w;
        weightOf[sd]! += w;
        weightOf[st]! += w;
        const go = so * packedWidth;
        const gd = sd * packedWidth;
        const gt = st * packedWidth;
        const row = i * packedWidth;
        for (let p = 0; p < packedWidth; p++) {
          const ws = w * scores[row + p]!;
          sums[go + p]! += ws;
          sums[gd + p]! += ws;
          sums[gt + p]! += ws;
        }
      }
      for (let j = 0; j < batch.length; j++) {
        const trials = batch[j]!.trials;
        const p = Math.floor(j / lanes);
        const scale = laneScale[j % lanes]!;
        let pooled = 0;
        let organMeans = 0;
        for (let g = 0; g < groupCount; g++) {
          const sum = Math.floor(sums[g * packedWidth + p]! / scale) % laneBase;
          const accuracy = sum / (weightOf[g]! * trials);
          distributions[j * (groupCount + 2) + g]![r] = accuracy;
          if (g < organCount) {
            pooled += sum;
            organMeans += accuracy;
          }
        }
        distributions[microAt(j)]![r] = pooled / (n * trials);
        distributions[microAt(j) + 1]![r] = organMeans / organCount;
      }
    }
    batch.forEach((v, j) => {
      const point = pointAccuracy(table, v, groupSize, offsets, groupCount);
      const at = j * (groupCount + 2);
      const groups = Object.fromEntries(
        GROUPINGS.map((grouping) => [
          grouping,
          table.groups[grouping].names.map((name, k) => {
            const g = offsets[grouping] + k;
            return { group: name, cases: groupSize[g]!, accuracy: percentileInterval(point.group[g]!, distributions[at + g]!) };
          }),
        ]),
      ) as Record<GroupingName, GroupEstimate[]>;
      results.push({
        micro: percentileInterval(point.micro, distributions[microAt(j)]!),
        macro: percentileInterval(point.macro, distributions[microAt(j) + 1]!),
        groups,
      });
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
