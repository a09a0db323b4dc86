import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { phantomPng } from '../../src/dataset/phantom-image.js';

/**
 * Items whose question says how hard they are: every fake solver answers "[easy]" items right and
 * "[hard]" items wrong, so the difficulty filter's outcome is known in advance.
 */
export const FIXTURE_ITEMS = [
  { id: 'chest-1', organ: 'chest', department: 'radiology', modality: 'X-ray', question: '[hard] Is there a pneumothorax?', answer: 'yes' },
  { id: 'chest-2', organ: 'chest', department: 'radiology', modality: 'X-ray', question: '[easy] Is the heart enlarged?', answer: 'no' },
  { id: 'brain-1', organ: 'brain', department: 'neurology', modality: 'MRI', question: '[hard] Where is the lesion located?', answer: 'left frontal lobe' },
  { id: 'brain-2', organ: 'brain', department: 'neurology', modality: 'MRI', question: '[easy] Which sequence is this?', answer: 'T2 weighted' },
  { id: 'lung-1', organ: 'lung', department: 'pulmonology', modality: 'CT', question: '[hard] Is the nodule calcified?', answer: 'no' },
  { id: 'abdomen-1', organ: 'abdomen', department: 'gastroenterology', modality: 'CT', question: '[hard] What organ shows the mass?', answer: 'liver' },
];

export const RESPONDERS = ['openai-compatible:resp-alpha', 'openai-compatible:resp-beta', 'openai-compatible:resp-gamma'];
export const SOLVERS = ['openai-compatible:solver-1', 'openai-compatible:solver-2', 'openai-compatible:solver-3'];
export const GRADER = 'openai-compatible:grader';

/** Writes the items as JSONL with images as paths beside it; returns the file. */
export function writeFixtureItems(dir: string): string {
  const lines = FIXTURE_ITEMS.map((item, i) => {
    const image = `${item.id}.png`;
    writeFileSync(join(dir, image), phantomPng(item.organ as never, { seed: i + 1, size: 192 }));
    return JSON.stringify({ ...item, image });
  });
  const file = join(dir, 'items.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const QUALITY: Record<string, number> = { 'resp-alpha': 9, 'resp-beta': 6, 'resp-gamma': 2 };

/**
 * One fake OpenAI-compatible server playing every model by name: solvers, the grader and the
 * response pool. Responses carry markup and quotes so escaping is exercised downstream.
 */
export function startBuildModels(): Promise<FakeOpenAIServer> {
  return startFakeOpenAIServer(({ body, text }) => {
    const model = body.model;
    if (model.startsWith('solver-')) {
      const question = text.split('\n')[0]!;
      const item = FIXTURE_ITEMS.find((i) => i.question === question)!;
      return { reply: question.startsWith('[easy]') ? `${item.answer}.` : 'I am not sure, possibly normal.' };
    }
    if (model === 'grader') {
      if (text.includes('Rate the candidate')) {
        const candidate = /Candidate answer: ([\s\S]*)\nRate the candidate/.exec(text)?.[1] ?? '';
        const who = /^From (resp-\w+)/.exec(candidate)?.[1] ?? '';
        return { reply: JSON.stringify({ score: QUALITY[who] ?? 5 }) };
      }
      const reference = /Reference answer: (.*)/.exec(text)?.[1] ?? '';
      const candidate = /Candidate answer: (.*)/.exec(text)?.[1] ?? '';
      return { reply: JSON.stringify({ correct: candidate.toLowerCase().includes(reference.toLowerCase()) }) };
    }
    const question = text.trim();
    return {
      reply: `From ${model}: regarding "${question.replace(/^\[\w+\] /, '')}" the image shows findings consistent with the question.\n\nSuggested next step: <b>compare with prior imaging</b> & correlate clinically. <script>window.pwned = 1</script>`,
    };
  });
}
