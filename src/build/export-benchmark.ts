import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOfficialLayout, type LayoutRow } from '../dataset/official-layout-writer.js';
import { aggregate, type Aggregate } from './aggregate.js';
import { AnnotationStore } from './annotation-store.js';
import { BuildError } from './build-error.js';
import type { BuildStore } from './build-store.js';
import { datasetCard, type CardFacts } from './dataset-card.js';
import { selectionReport } from './select-items.js';

export interface ExportResult {
  readonly root: string;
  readonly cases: number;
  readonly byOrgan: Readonly<Record<string, number>>;
  readonly leftOut: number;
}

/**
 * Step 7: every pair whose six dimensions are decided for A or B, in the official layout that
 * `mrb run --data` reads (one `question_id` per pair: `<item>--<n>`), with a `department` column,
 * a dataset card (README.md) and `provenance.jsonl` (which models answered, where each item came
 * from). Pairs with a tie, a split or missing labels are left out and counted on the card.
 */
export async function exportBenchmark(store: BuildStore, out: string, options: { name?: string; replace?: boolean } = {}): Promise<ExportResult> {
  const data = join(out, 'pair_gt_all');
  if (existsSync(data) && readdirSync(data).length > 0) {
    if (!options.replace) throw new BuildError(`${data} exists already; pass --replace to overwrite it`);
    rmSync(data, { recursive: true, force: true });
  }
  const result: Aggregate = await aggregate(store);
  const labelled = result.pairs.filter((o) => o.labels);
  if (labelled.length === 0) throw new BuildError(`no pair has all six dimensions decided yet (${result.counts.pairs} pairs, ${result.counts.queue} waiting for the adjudicator, ${result.counts.incomplete} still being labelled)`);
  const items = new Map((await store.items()).map((i) => [i.itemId, i]));
  const answers = new Map((await store.responses()).filter((r) => r.answer !== null).map((r) => [`${r.itemId}\0${r.model}`, r]));

  const rows: LayoutRow[] = [];
  const provenance: string[] = [];
  for (const o of labelled) {
    const item = items.get(o.pair.itemId)!;
    const image = (await store.itemImage(item.itemId))!;
    const a = answers.get(`${item.itemId}\0${o.pair.modelA}`)!;
    const b = answers.get(`${item.itemId}\0${o.pair.modelB}`)!;
    rows.push({
      organ: item.organ,
      questionId: o.pair.pairId,
      question: item.question,
      answer1: a.answer!,
      answer2: b.answer!,
      image: image.bytes,
      imagePath: `${item.itemId}.${image.mime === 'image/png' ? 'png' : image.mime.split('/')[1]}`,
      labels: o.labels!,
      ...(item.department ? { department: item.department } : {}),
      ...(item.bodyPart ? { bodyPart: item.bodyPart } : {}),
      ...(item.questionType ? { questionType: item.questionType } : {}),
      source: item.source ?? 'mrb-build',
      imageId: item.imageId ?? item.itemId,
    });
    provenance.push(
      JSON.stringify({
        question_id: o.pair.pairId,
        organ: item.organ,
        item_id: item.itemId,
        model_a: o.pair.modelA,
        model_b: o.pair.modelB,
        settings_a: a.settings,
        settings_b: b.settings,
        reference_answer: item.referenceAnswer,
        modality: item.modality ?? null,
        source_file: item.provenance.file,
        source_row: item.provenance.row,
        identity_removed: item.provenance.dicom ? true : undefined,
        adjudicated: Object.values(o.dimensions).some((d) => d.status === 'adjudicated'),
      }),
    );
  }
  mkdirSync(out, { recursive: true });
  writeOfficialLayout(out, rows);
  writeFileSync(join(out, 'provenance.jsonl'), provenance.join('\n') + '\n');

  const byOrgan: Record<string, number> = {};
  const byDepartment: Record<string, number> = {};
  for (const r of rows) {
    byOrgan[r.organ] = (byOrgan[r.organ] ?? 0) + 1;
    byDepartment[r.department ?? '(none)'] = (byDepartment[r.department ?? '(none)'] ?? 0) + 1;
  }
  const annotations = new AnnotationStore(store.db);
  const facts: CardFacts = {
    name: options.name ?? 'Custom Med-RewardBench',
    cases: rows.length,
    byOrgan,
    byDepartment,
    aggregate: result,
    items: [...items.values()],
    selection: await selectionReport(store).catch(() => undefined),
    responseModels: [...new Set([...answers.values()].map((r) => JSON.stringify({ model: r.model, settings: r.settings })))].map((s) => JSON.parse(s) as { model: string; settings: Record<string, unknown> }),
    pairing: await store.getMeta<Record<string, unknown>>('pairing'),
    annotators: (await annotations.annotators()).filter((a) => a.role === 'annotator').length,
    adjudicated: labelled.filter((o) => Object.values(o.dimensions).some((d) => d.status === 'adjudicated')).length,
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(out, 'README.md'), datasetCard(facts));
  return { root: out, cases: rows.length, byOrgan, leftOut: result.counts.pairs - rows.length };
}
