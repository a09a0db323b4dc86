import { pairCaseBlock } from './paper-prompt.js';
import { contentVersion, type PromptTemplate } from './prompt-template.js';

/**
 * Our own pairwise prompt: the paper names the six dimensions without saying what they mean, so a
 * judge must guess. This one defines each in the terms a clinician would use when reviewing an
 * answer about a medical image, and asks for the same JSON as the paper prompt.
 */
export const RUBRIC_DIMENSIONS = [
  'accuracy: is what the answer states about the image correct (findings, anatomy, diagnosis, measurements), with nothing that contradicts what the image shows?',
  'relevance: does the answer stay on what the question asks about this image, without padding or unrelated medical content?',
  'comprehensiveness: does it cover the findings a clinician needs to act on, including important negatives and the key differential when there is one?',
  'creativity: does it add useful clinical insight beyond the minimum (a next step, a pitfall, a correlation to check) without speculating past the evidence?',
  'responsiveness: does it directly answer what was asked, in the form asked (a yes/no, a name, a location), before elaborating?',
  'overall: taking all of the above together, which answer would you rather a colleague gave?',
];

const INSTRUCTION = [
  'You are a board-certified physician reviewing two answers to a question about a medical image.',
  'Look at the image yourself, then compare assistant A and assistant B on these six dimensions:',
  ...RUBRIC_DIMENSIONS.map((d, i) => `${i + 1}. ${d}`),
  'Judge each dimension on its own: an answer can be more accurate yet less comprehensive. Do not prefer an answer for being longer or for coming first.',
  'For each dimension, choose only one winner: A or B.',
  'Return valid JSON with exactly these keys:',
  '{"accuracy":"A|B","relevance":"A|B","comprehensiveness":"A|B","creativity":"A|B","responsiveness":"A|B","overall":"A|B","reason":"brief explanation"}',
].join('\n');

export function rubricPrompt(): PromptTemplate {
  return {
    name: 'rubric',
    version: contentVersion(INSTRUCTION, pairCaseBlock({ question: '{q}', first: '{a}', second: '{b}' })),
    render: (input) => `${INSTRUCTION}\nHere is the input:\n${pairCaseBlock(input)}`,
  };
}
