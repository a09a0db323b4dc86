import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '../dataset/case.js';
import { DataError, type DataProblem } from '../dataset/data-problem.js';
import { writeOfficialLayout } from '../dataset/official-layout-writer.js';
import type { DatasetSource } from '../dataset/dataset-source.js';
import { readDataset } from '../dataset/read-dataset.js';
import { DIMENSIONS, type Label, type Labels } from '../protocol/dimensions.js';
import { paperPrompt } from '../protocol/paper-prompt.js';
import { BuildError } from './build-error.js';
import { splitCases } from './train-split.js';
import { trainingReadme } from './training-readme.js';

export interface ExportTrainOptions {
  readonly testFraction: number;
  readonly seed: number;
  /** The paper prompt with its thinking line, if the judge will be run with --thinking. */
  readonly thinking?: boolean;
}

export interface ExportTrainResult {
  readonly cases: number;
  readonly train: number;
  readonly test: number;
  /** Examples per split: two per case, one per answer order. */
  readonly examples: { readonly train: number; readonly test: number };
  readonly files: readonly string[];
}

const flip = (l: Label): Label => (l === 'A' ? 'B' : 'A');
const flipped = (labels: Labels): Labels => Object.fromEntries(DIMENSIONS.map((d) => [d, flip(labels[d])])) as Labels;

function list(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The paper's verdict JSON; its reason states the preference, since physicians gave no free-text reason. */
export function verdictJson(labels: Labels): string {
  const forA = DIMENSIONS.filter((d) => labels[d] === 'A');
  const forB = DIMENSIONS.filter((d) => labels[d] === 'B');
  const parts = [forA.length ? `assistant A on ${list(forA)}` : '', forB.length ? `assistant B on ${list(forB)}` : ''].filter(Boolean);
  return JSON.stringify({ ...labels, reason: `Physicians preferred ${parts.join(', and ')}.` });
}

interface Example {
  readonly image: string;
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
  readonly uid: string;
  readonly order: 'AB' | 'BA';
}

function examplesOf(c: Case, image: string, thinking: boolean): Example[] {
  const prompt = paperPrompt(thinking);
  return (['AB', 'BA'] as const).map((order) => {
    // In the swapped order answer B is shown first, so every label names the other slot.
    const labels = order === 'AB' ? c.labels : flipped(c.labels);
    const [first, second] = order === 'AB' ? [c.answerA, c.answerB] : [c.answerB, c.answerA];
    return { image, prompt: prompt.render({ question: c.question, first, second }), chosen: verdictJson(labels), rejected: verdictJson(flipped(labels)), uid: c.uid, order };
  });
}

const lines = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

/**
 * Training data for judges from any labelled dataset in the official layout: LLaMA-Factory's
 * multimodal ShareGPT format for SFT (the prompt `mrb run` sends -> the six-dimension verdict) and
 * DPO (preferred verdict vs its mirror image), and TRL's conversational preference format. Every
 * case appears in both answer orders, and train and test share no image and no question.
 */
export async function exportTrainingData(source: DatasetSource, out: string, options: ExportTrainOptions): Promise<ExportTrainResult> {
  const cases: Case[] = [];
  const problems: DataProblem[] = [];
  for await (const item of readDataset(source)) {
    if (item.kind === 'case') cases.push(item.case);
    else problems.push(item.problem);
  }
  if (problems.length > 0) throw new DataError(problems, 'training data is made only from a valid dataset (check it with mrb data validate)');
  if (cases.length < 2) throw new BuildError(`${cases.length} case(s): too few to split into train and test`);
  const split = splitCases(cases, options.testFraction, options.seed);
  if (split.train.length === 0) throw new BuildError(`every case shares an image or a question with another (${split.groups} group(s)): no split keeps them apart`);
  const testSet = new Set(split.test);

  mkdirSync(join(out, 'images'), { recursive: true });
  const byImage = new Map<string, string>();
  const examples: { train: Example[]; test: Example[] } = { train: [], test: [] };
  for (const c of cases) {
    let image = byImage.get(c.image.sha256);
    if (!image) {
      image = `images/${c.image.sha256.slice(0, 32)}.${c.image.mime.split('/')[1]!.replace('jpeg', 'jpg')}`;
      writeFileSync(join(out, image), c.image.bytes);
      byImage.set(c.image.sha256, image);
    }
    examples[testSet.has(c.uid) ? 'test' : 'train'].push(...examplesOf(c, image, options.thinking ?? false));
  }

  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(join(out, name), text);
    files.push(name);
  };
  for (const part of ['train', 'test'] as const) {
    const ex = examples[part];
    write(`sft_${part}.jsonl`, lines(ex.map((e) => ({ messages: [{ role: 'user', content: `<image>${e.prompt}` }, { role: 'assistant', content: e.chosen }], images: [e.image] }))));
    write(
      `dpo_${part}.jsonl`,
      lines(ex.map((e) => ({ messages: [{ role: 'user', content: `<image>${e.prompt}` }], chosen: { role: 'assistant', content: e.chosen }, rejected: { role: 'assistant', content: e.rejected }, images: [e.image] }))),
    );
    write(
      `trl_preference_${part}.jsonl`,
      lines(
        ex.map((e) => ({
          prompt: [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: e.prompt }] }],
          chosen: [{ role: 'assistant', content: [{ type: 'text', text: e.chosen }] }],
          rejected: [{ role: 'assistant', content: [{ type: 'text', text: e.rejected }] }],
          images: [e.image],
          case: e.uid,
          order: e.order,
        })),
      ),
    );
  }
  // The held-out cases as a dataset of their own: `mrb run --data <out>/test_dataset` scores a
  // fine-tuned judge on cases it never saw.
  writeOfficialLayout(
    join(out, 'test_dataset'),
    cases.filter((c) => testSet.has(c.uid)).map((c) => ({
      organ: c.organ,
      questionId: c.questionId,
      question: c.question,
      answer1: c.answerA,
      answer2: c.answerB,
      image: c.image.bytes,
      labels: c.labels,
      ...(c.department ? { department: c.department } : {}),
      ...(c.bodyPart ? { bodyPart: c.bodyPart } : {}),
      ...(c.questionType ? { questionType: c.questionType } : {}),
      ...(c.source ? { source: c.source } : {}),
      ...(c.imageId ? { imageId: c.imageId } : {}),
    })),
  );
  files.push('test_dataset/');
  const tags = { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' };
  const info: Record<string, unknown> = {};
  for (const part of ['train', 'test'] as const) {
    info[`mrb_judge_sft_${part}`] = { file_name: `sft_${part}.jsonl`, formatting: 'sharegpt', columns: { messages: 'messages', images: 'images' }, tags };
    info[`mrb_judge_dpo_${part}`] = { file_name: `dpo_${part}.jsonl`, formatting: 'sharegpt', ranking: true, columns: { messages: 'messages', chosen: 'chosen', rejected: 'rejected', images: 'images' }, tags };
  }
  write('dataset_info.json', `${JSON.stringify(info, null, 2)}\n`);
  write('split.json', `${JSON.stringify({ seed: options.seed, testFraction: options.testFraction, groups: split.groups, train: split.train, test: split.test }, null, 2)}\n`);
  const result = { cases: cases.length, train: split.train.length, test: split.test.length, examples: { train: examples.train.length, test: examples.test.length }, files };
  write('README.md', trainingReadme(result, source.path, options));
  return result;
}
