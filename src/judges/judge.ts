import type { Case } from '../dataset/case.js';
import type { JudgeMode } from '../protocol/judge-mode.js';
import type { Order } from '../protocol/verdict.js';

export interface TrialInput {
  readonly case: Case;
  readonly order: Order;
  readonly sample: number;
}

/** What a judge said, before any parsing. */
export interface JudgeReply {
  readonly rawOutput: string;
  readonly reasoning: string | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
}

/** A trial ready to send: its key is a hash of exactly what `execute` will send. */
export interface PreparedTrial {
  readonly key: string;
  /** What the trial will send, for estimating tokens and cost before it is sent (none for baselines). */
  readonly size?: TrialSize;
  /**
   * For batch files: the request bodies this trial would send, one per part ('' for a single
   * request, 'A' and 'B' for one per answer). Absent when the judge's API has no such batch format.
   */
  batchBodies?(): Promise<ReadonlyArray<{ readonly part: BatchPart; readonly body: Record<string, unknown> }>>;
  /** Throws `ProviderError` when the model cannot be reached; the scheduler decides about retries. */
  execute(signal?: AbortSignal): Promise<JudgeReply>;
}

export type BatchPart = '' | 'A' | 'B';

export interface TrialSize {
  readonly requests: number;
  readonly promptChars: number;
  readonly images: number;
}

/** Produces raw verdicts for trials: a chat model with a prompt, or a baseline. */
export interface Judge {
  /** As the user wrote it on the command line, e.g. `openai-compatible:Qwen/Qwen2.5-VL-7B-Instruct`. */
  readonly spec: string;
  readonly mode: JudgeMode;
  /** Samples per case and order; their verdicts are combined by majority vote per dimension. */
  readonly samples: number;
  /** What identifies this judge's behaviour, recorded with the run; never holds secrets. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Baselines answer instantly and cost nothing; they skip the request machinery's waits. */
  readonly local: boolean;
  prepare(input: TrialInput): PreparedTrial;
}

/** The answers in prompt-slot order: the swapped order puts answer B first. */
export function slotAnswers(c: Case, order: Order): { first: string; second: string } {
  return order === 'AB' ? { first: c.answerA, second: c.answerB } : { first: c.answerB, second: c.answerA };
}
