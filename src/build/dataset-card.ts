import { DIMENSIONS } from '../protocol/dimensions.js';
import type { Aggregate } from './aggregate.js';
import type { BuildItem } from './build-item.js';
import type { SelectionReport } from './select-items.js';

export interface CardFacts {
  readonly name: string;
  readonly cases: number;
  readonly byOrgan: Readonly<Record<string, number>>;
  readonly byDepartment: Readonly<Record<string, number>>;
  readonly aggregate: Aggregate;
  readonly items: readonly BuildItem[];
  readonly selection: Omit<SelectionReport, 'failures'> | undefined;
  readonly responseModels: ReadonlyArray<{ model: string; settings: Record<string, unknown> }>;
  readonly pairing: Readonly<Record<string, unknown>> | undefined;
  readonly annotators: number;
  readonly adjudicated: number;
  readonly createdAt: string;
}

const fixed = (x: number | null, digits = 3) => (x === null ? 'n/a' : x.toFixed(digits));
const percent = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);
// Markdown tables break on a pipe or a line break inside a cell; model names are user text.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** The dataset card: what is in the benchmark, how far the physicians agreed, and how it was made. */
export function datasetCard(f: CardFacts): string {
  const { counts } = f.aggregate;
  const sources = new Map<string, number>();
  for (const item of f.items) sources.set(item.provenance.file, (sources.get(item.provenance.file) ?? 0) + 1);
  const dicom = f.items.filter((i) => i.provenance.dicom).length;
  const lines = [
    `# ${f.name}`,
    '',
    `A pairwise benchmark of answers about medical images in the Med-RewardBench layout, built with med-rewardbench (\`mrb build\`) on ${f.createdAt.slice(0, 10)}.`,
    `Each case is an image, a question and two model answers; physicians chose the better answer on six dimensions (${DIMENSIONS.join(', ')}), resolved by majority vote.`,
    '',
    'Use it with:',
    '',
    '```sh',
    'mrb data validate <this folder>',
    'mrb run --data <this folder> --judge openai-compatible:<model> --base-url <server>',
    '```',
    '',
    '## Contents',
    '',
    `${f.cases} cases. ${counts.pairs} pairs were annotated; ${counts.pairs - f.cases} are left out (${counts.ties} with a tie, ${counts.queue} waiting for adjudication, ${counts.incomplete} not fully labelled).`,
    '',
    table(['organ system', 'cases'], Object.entries(f.byOrgan).sort().map(([o, n]) => [o, String(n)])),
    '',
    table(['department', 'cases'], Object.entries(f.byDepartment).sort().map(([d, n]) => [d, String(n)])),
    '',
    '## Agreement between annotators',
    '',
    `${f.annotators} annotators; each pair was assigned to ${f.aggregate.pairs[0]?.assigned ?? 0}. Figures over all annotated pairs, before adjudication; ${f.adjudicated} pair(s) had a dimension settled by an adjudicator.`,
    '',
    table(
      ['dimension', 'pairs rated by 2+', 'unanimous', "Fleiss' kappa", "Krippendorff's alpha"],
      DIMENSIONS.map((d) => {
        const a = f.aggregate.agreement[d];
        return [d, String(a.units), percent(a.unanimous), fixed(a.fleissKappa), fixed(a.krippendorffAlpha)];
      }),
    ),
    '',
    '## How it was made',
    '',
    `1. **Items**: ${f.items.length} medical VQA items imported from ${[...sources.entries()].map(([s, n]) => `\`${s}\` (${n})`).join(', ')}.` +
      (dicom > 0 ? ` ${dicom} came from DICOM files, de-identified before import (names, ids, dates, institution, free text, UIDs and private tags removed; only a windowed PNG kept).` : ''),
  ];
  if (f.selection) {
    const s = f.selection;
    lines.push(
      `2. **Difficulty filter**: ${s.settings.solvers.length} solver model(s) (${s.settings.solvers.join(', ')}) answered every item; closed answers checked by normalised match` +
        (s.settings.grader ? `, open ones by ${s.settings.grader}` : '') +
        `. Items at most ${s.settings.maxCorrect} solver(s) answered correctly were kept: ${s.kept.length} of ${f.items.length}.`,
      '',
      table(['organ system', 'items', 'kept', ...s.settings.solvers.map((_, i) => `solved by ${i}`), `solved by ${s.settings.solvers.length}`], s.byOrgan.map((o) => [o.organ, String(o.items), String(o.kept), ...o.solvedBy.map(String)])),
      '',
    );
  }
  lines.push(
    `3. **Response pool**: ${f.responseModels.length} model(s): ${f.responseModels.map((m) => `${m.model} (temperature ${String(m.settings.temperature)}, max tokens ${String(m.settings.maxTokens)})`).join('; ')}. \`provenance.jsonl\` says which model wrote each answer.`,
    `4. **Pairs**: strategy \`${String(f.pairing?.strategy ?? 'n/a')}\`, seed ${String(f.pairing?.seed ?? 'n/a')}; slot A balanced across models.`,
    `5. **Annotation**: each annotator chose A, B or a tie per dimension, blind to the models; majority vote (2 of 3) decides, an adjudicator settles splits. Ties are not part of the official format and are left out.`,
    '',
  );
  return lines.join('\n');
}
