import { contentVersion, type PairwisePromptInput, type PromptTemplate } from './prompt-template.js';

// The reference's wording, byte for byte (protocol file, "The judge prompt"): published numbers
// depend on it, so it is never edited for style.
const FIRST_LINE =
  'You are an expert medical vision-language evaluator. Compare assistant A and assistant B for the same medical image understanding task.';
const THINKING_LINE =
  'You may think step by step internally, but your final answer must still follow the required JSON format exactly.';
const REST = [
  'Evaluate the two answers on these six dimensions: accuracy, relevance, comprehensiveness, creativity, responsiveness, and overall.',
  'For each dimension, choose only one winner: A or B.',
  'Return valid JSON with exactly these keys:',
  '{"accuracy":"A|B","relevance":"A|B","comprehensiveness":"A|B","creativity":"A|B","responsiveness":"A|B","overall":"A|B","reason":"brief explanation"}',
];

export function paperInstruction(thinking: boolean): string {
  return [FIRST_LINE, ...(thinking ? [THINKING_LINE] : []), ...REST].join('\n');
}

export function pairCaseBlock({ question, first, second }: PairwisePromptInput): string {
  return [
    '[The Start of User Instruction]',
    question,
    '[The End of User Instruction]',
    "[The Start of Assistant A's Answer]",
    first,
    "[The End of Assistant A's Answer]",
    "[The Start of Assistant B's Answer]",
    second,
    "[The End of Assistant B's Answer]",
  ].join('\n');
}

export function paperPrompt(thinking = false): PromptTemplate {
  const instruction = paperInstruction(thinking);
  return {
    name: thinking ? 'paper-thinking' : 'paper',
    version: contentVersion(instruction, pairCaseBlock({ question: '{q}', first: '{a}', second: '{b}' })),
    render: (input) => `${instruction}\nHere is the input:\n${pairCaseBlock(input)}`,
  };
}
