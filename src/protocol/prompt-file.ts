import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DIMENSIONS } from './dimensions.js';
import type { PointwisePromptTemplate } from './pointwise-prompt.js';
import { contentVersion, type PromptTemplate } from './prompt-template.js';

/** A user's prompt template could not be used; the message names the file and what is wrong. */
export class PromptFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptFileError';
  }
}

const PAIRWISE_PLACEHOLDERS = ['question', 'answer_a', 'answer_b', 'dimensions'] as const;
const POINTWISE_PLACEHOLDERS = ['question', 'answer', 'dimensions'] as const;
const PLACEHOLDER = /\{(\w+)\}/g;

interface PromptFile {
  readonly name: string;
  readonly version: string;
  fill(values: Record<string, string>): string;
}

/**
 * A user's template with `{question}`, `{answer_a}`, `{answer_b}` (pairwise) or `{answer}`
 * (pointwise), and optionally `{dimensions}`. Its name carries its content hash, so a changed file
 * is a changed prompt in the store. Literal braces elsewhere (a JSON example) are left alone.
 */
function readPromptFile(path: string, mode: 'pairwise' | 'pointwise'): PromptFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PromptFileError(`--prompt-file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const allowed: readonly string[] = mode === 'pairwise' ? PAIRWISE_PLACEHOLDERS : POINTWISE_PLACEHOLDERS;
  const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  const required = mode === 'pairwise' ? ['question', 'answer_a', 'answer_b'] : ['question', 'answer'];
  const missing = required.filter((p) => !used.has(p));
  if (missing.length > 0) {
    throw new PromptFileError(
      `--prompt-file ${path}: a ${mode} prompt needs the placeholders ${missing.map((p) => `{${p}}`).join(', ')} (it may use ${allowed.map((p) => `{${p}}`).join(', ')})`,
    );
  }
  const version = contentVersion(text);
  return {
    name: `file:${basename(path)}@${version}`,
    version,
    fill: (values) => text.replace(PLACEHOLDER, (whole, key: string) => (allowed.includes(key) ? values[key]! : whole)),
  };
}

const dimensions = DIMENSIONS.join(', ');

export function readPairwisePromptFile(path: string): PromptTemplate {
  const { name, version, fill } = readPromptFile(path, 'pairwise');
  return { name, version, render: ({ question, first, second }) => fill({ question, answer_a: first, answer_b: second, dimensions }) };
}

export function readPointwisePromptFile(path: string): PointwisePromptTemplate {
  const { name, version, fill } = readPromptFile(path, 'pointwise');
  return { name, version, render: ({ question, answer }) => fill({ question, answer, dimensions }) };
}
