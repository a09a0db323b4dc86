import { GROUPINGS, type CaseTable, type GroupingName } from './case-table.js';
import { percentileInterval, resampleWeights, type Estimate, type Resamples } from './bootstrap.js';

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
// Resamples whose figures are gathered side by side before they are copied to their distributions.
const CHUNK = 32;

/**
 * Several small integer scores share one float64 ("lanes"): one multiply-add then updates several
 * vectors at once, exactly, as long as no lane's total can reach the next lane. That bound is the
 * largest possible sum, trials x cases, since resample weights add up to the number of cases.
 */
export function laneLayout(maxTotal: number) {
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

  // Cases are visited cell by cell (a cell: one organ, department and question type). The hot loop
  // adds each weighted score once, into the cell's running total; the three groupings receive cell
  // totals, not case scores.
  const cellKey = (i: number) => (organSlot[i]! * slots + departmentSlot[i]!) * slots + typeSlot[i]!;
  const visit = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => cellKey(a) - cellKey(b) || a - b);
  const cellStarts: number[] = [];
  visit.forEach((i, k) => {
    if (k === 0 || cellKey(i) !== cellKey(visit[k - 1]!)) cellStarts.push(k);
  });
  cellStarts.push(n);
  const cellCount = cellStarts.length - 1;
  const cellSlots = Int32Array.from({ length: cellCount * 3 }, (_, k) => slotOf[k % 3]![visit[cellStarts[Math.floor(k / 3)]!]!]!);

  const maxTrials = Math.max(1, ...vectors.map((v) => v.trials));
  const { lanes, base: laneBase } = laneLayout(maxTrials * n);
  const laneScale = Array.from({ length: lanes }, (_, l) => laneBase ** l);

  // Per batch, (groupCount + 2) bootstrap distributions per vector, each `count` resamples long:
  // distribution m at [m * R, (m + 1) * R). A resample's figures are first written side by side
  // into `recent`, then copied CHUNK resamples at a time into their distributions: writing each
  // straight there would touch a new memory page per figure per resample.
  const R = resamples.count;
  const perVector = groupCount + 2;
  const distributions = new Float64Array(Math.min(BATCH, vectors.length) * perVector * R);
  const recent = new Float64Array(CHUNK * Math.min(BATCH, vectors.length) * perVector);
  const results: AccuracyEstimates[] = [];
  for (let start = 0; start < vectors.length; start += BATCH) {
    const batch = vectors.slice(start, start + BATCH);
    // Rounded up to a multiple of 8 with zero columns: the hot loop keeps eight running totals in registers.
    const packedWidth = 8 * Math.ceil(batch.length / lanes / 8);
    // In visiting order, packed: scores[k * packedWidth + p] holds vectors p*lanes .. p*lanes+lanes-1.
    const scores = new Float64Array(n * packedWidth);
    batch.forEach((v, j) => {
      const p = Math.floor(j / lanes);
      const scale = laneScale[j % lanes]!;
      for (let k = 0; k < n; k++) scores[k * packedWidth + p]! += v.correct[visit[k]!]! * scale;
    });
    const width = batch.length * perVector;
    const sums = new Float64Array(slots * packedWidth);
    const unpacked = new Float64Array(batch.length * groupCount);
    const weightOf = new Float64Array(slots);
    const weights = new Uint16Array(n);
    for (let r = 0; r < R; r++) {
      sums.fill(0);
      weightOf.fill(0);
      resampleWeights(resamples, r, weights);
      for (let c = 0; c < cellCount; c++) {
        const from = cellStarts[c]!;
        const end = cellStarts[c + 1]!;
        let cellWeight = 0;
        for (let k = from; k < end; k++) cellWeight += weights[visit[k]!]!;
        if (cellWeight === 0) continue;
        for (let g = 0; g < 3; g++) weightOf[cellSlots[c * 3 + g]!]! += cellWeight;
        for (let p = 0; p < packedWidth; p += 8) {
          // Eight totals in locals rather than an array: V8 keeps them in registers, about three
          // times faster than adding into memory case by case.
          let t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
          for (let k = from; k < end; k++) {
            const w = weights[visit[k]!]!;
            if (w === 0) continue;
            const row = k * packedWidth + p;
            t0 += w * scores[row]!;
            t1 += w * scores[row + 1]!;
            t2 += w * scores[row + 2]!;
            t3 += w * scores[row + 3]!;
            t4 += w * scores[row + 4]!;
            t5 += w * scores[row + 5]!;
            t6 += w * scores[row + 6]!;
            t7 += w * scores[row + 7]!;
          }
          for (let g = 0; g < 3; g++) {
            const at = cellSlots[c * 3 + g]! * packedWidth + p;
            sums[at]! += t0;
            sums[at + 1]! += t1;
            sums[at + 2]! += t2;
            sums[at + 3]! += t3;
            sums[at + 4]! += t4;
            sums[at + 5]! += t5;
            sums[at + 6]! += t6;
            sums[at + 7]! += t7;
          }
        }
      }
      // Unpack each group's lanes once: the low lane first, by exact division by a power of two.
      for (let g = 0; g < groupCount; g++) {
        const at = g * packedWidth;
        for (let p = 0; p < packedWidth; p++) {
          let packed = sums[at + p]!;
          for (let l = 0, j = p * lanes; l < lanes && j < batch.length; l++, j++) {
            const rest = Math.floor(packed / laneBase);
            unpacked[j * groupCount + g] = packed - rest * laneBase;
            packed = rest;
          }
        }
      }
      const row = (r % CHUNK) * width;
      for (let j = 0; j < batch.length; j++) {
        const trials = batch[j]!.trials;
        const at = row + j * perVector;
        let pooled = 0;
        let organMeans = 0;
        for (let g = 0; g < groupCount; g++) {
          const sum = unpacked[j * groupCount + g]!;
          const accuracy = sum / (weightOf[g]! * trials);
          recent[at + g] = accuracy;
          if (g < organCount) {
            pooled += sum;
            organMeans += accuracy;
          }
        }
        recent[at + groupCount] = pooled / (n * trials);
        recent[at + groupCount + 1] = organMeans / organCount;
      }
      if (r % CHUNK === CHUNK - 1 || r === R - 1) {
        const first = r - (r % CHUNK);
        for (let m = 0; m < width; m++) {
          for (let x = 0, to = m * R + first; x <= r - first; x++) distributions[to + x] = recent[x * width + m]!;
        }
      }
    }
    const distribution = (m: number) => distributions.subarray(m * R, (m + 1) * R);
    batch.forEach((v, j) => {
      const point = pointAccuracy(table, v, groupSize, offsets, groupCount);
      const at = j * perVector;
      const groups = Object.fromEntries(
        GROUPINGS.map((grouping) => [
          grouping,
          table.groups[grouping].names.map((name, k) => {
            const g = offsets[grouping] + k;
            return { group: name, cases: groupSize[g]!, accuracy: percentileInterval(point.group[g]!, distribution(at + g)) };
          }),
        ]),
      ) as Record<GroupingName, GroupEstimate[]>;
      results.push({
        micro: percentileInterval(point.micro, distribution(at + groupCount)),
        macro: percentileInterval(point.macro, distribution(at + groupCount + 1)),
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
