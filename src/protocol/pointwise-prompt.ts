import { contentVersion } from './prompt-template.js';
import { RUBRIC_DIMENSIONS } from './rubric-prompt.js';

/** What a pointwise prompt is filled with: the question and one answer. */
export interface PointwisePromptInput {
  readonly question: string;
  readonly answer: string;
}

export interface PointwisePromptTemplate {
  readonly name: string;
  readonly version: string;
  render(input: PointwisePromptInput): string;
}

const INSTRUCTION = [
  'You are a board-certified physician rating an answer to a question about a medical image.',
  'Look at the image yourself, then rate the answer from 1 (very poor) to 10 (excellent) on each of these six dimensions:',
  ...RUBRIC_DIMENSIONS.map((d, i) => `${i + 1}. ${d}`),
  'Return valid JSON with exactly these keys, each rating a whole number from 1 to 10:',
  '{"accuracy":7,"relevance":7,"comprehensiveness":7,"creativity":7,"responsiveness":7,"overall":7,"reason":"brief explanation"}',
].join('\n');

function answerBlock({ question, answer }: PointwisePromptInput): string {
  return ['[The Start of User Instruction]', question, '[The End of User Instruction]', "[The Start of the Assistant's Answer]", answer, "[The End of the Assistant's Answer]"].join('\n');
}

export function pointwisePrompt(): PointwisePromptTemplate {
  return {
    name: 'pointwise',
    version: contentVersion(INSTRUCTION, answerBlock({ question: '{q}', answer: '{a}' })),
    render: (input) => `${INSTRUCTION}\nHere is the input:\n${answerBlock(input)}`,
  };
}
