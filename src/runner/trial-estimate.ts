import type { Judge, PreparedTrial } from '../judges/judge.js';
import type { JudgmentRecord } from '../store/store.js';

// Before any reply: about four characters per token of English text, and an image of the sizes in
// medical VQA sets (512-1,024 px) costs 800-1,600 tokens on the hosted APIs.
const CHARS_PER_TOKEN = 4;
export const IMAGE_TOKENS = 1200;
/** Output per request before any reply: the paper's JSON verdict with a short reason. */
export const DEFAULT_OUTPUT_TOKENS = { pairwise: 300, pointwise: 200, reward: 0 } as const;
const THINKING_OUTPUT_TOKENS = 1500;

export function promptTokenEstimate(trial: PreparedTrial): number {
  const size = trial.size;
  return size ? Math.ceil(size.promptChars / CHARS_PER_TOKEN) + size.images * IMAGE_TOKENS : 0;
}

export function outputTokenEstimate(judge: Judge, trial: PreparedTrial): number {
  const perRequest = judge.settings.thinking ? THINKING_OUTPUT_TOKENS : DEFAULT_OUTPUT_TOKENS[judge.mode];
  return (trial.size?.requests ?? 0) * perRequest;
}

/**
 * Tokens a trial will likely use: first from its size, then, once the judge has answered, scaled
 * by how its real usage compared with the estimate, so the budget tracks what the API reports.
 */
export class TrialEstimator {
  private readonly seen = new Map<string, { estimatedIn: number; actualIn: number; estimatedOut: number; actualOut: number }>();

  estimate(judge: Judge, trial: PreparedTrial): [inputTokens: number, outputTokens: number] {
    const input = promptTokenEstimate(trial);
    const output = outputTokenEstimate(judge, trial);
    const s = this.seen.get(judge.spec);
    if (!s) return [input, output];
    const scale = (actual: number, estimated: number) => (estimated > 0 ? actual / estimated : 1);
    // Never below the first guess for output: a budget should err on the side of stopping early.
    return [Math.ceil(input * scale(s.actualIn, s.estimatedIn)), Math.ceil(Math.max(output * 0.5, output * scale(s.actualOut, s.estimatedOut)))];
  }

  hasLearned(judge: Judge): boolean {
    return this.seen.has(judge.spec);
  }

  /** Input as estimated, output as if every request used all of max tokens: what a budget reserves. */
  worstCase(judge: Judge, trial: PreparedTrial): [inputTokens: number, outputTokens: number] {
    const [input] = this.estimate(judge, trial);
    const maxTokens = Number(judge.settings.maxTokens ?? 0);
    return [input, (trial.size?.requests ?? 0) * maxTokens];
  }

  learn(judge: Judge, trial: PreparedTrial, judgment: JudgmentRecord): void {
    if (judgment.inputTokens === null && judgment.outputTokens === null) return;
    const s = this.seen.get(judge.spec) ?? { estimatedIn: 0, actualIn: 0, estimatedOut: 0, actualOut: 0 };
    s.estimatedIn += promptTokenEstimate(trial);
    s.actualIn += judgment.inputTokens ?? 0;
    s.estimatedOut += outputTokenEstimate(judge, trial);
    s.actualOut += judgment.outputTokens ?? 0;
    this.seen.set(judge.spec, s);
  }
}
