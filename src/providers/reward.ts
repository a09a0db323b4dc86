import type { CallOptions, ChatImage } from './chat.js';

/** One answer to score on its own: the image, the question, and the answer. */
export interface RewardRequest {
  readonly model: string;
  readonly image: ChatImage | null;
  readonly question: string;
  readonly answer: string;
}

export interface RewardReply {
  readonly reward: number;
  readonly inputTokens: number | null;
}

/** The transport to a scalar reward model: one number per answer, higher is better. */
export interface RewardProvider {
  readonly kind: string;
  readonly endpoint: string;
  /** What else shapes the request and the reading of its reply (a reward-http template): part of the trial key. */
  readonly identity?: Readonly<Record<string, unknown>>;
  score(request: RewardRequest, options: CallOptions): Promise<RewardReply>;
  /** Milliseconds until this endpoint takes requests again after a 429 (0: now); replica sets route around it. */
  pausedForMs?(): number;
}

export function imageDataUrl(image: ChatImage): string {
  return `data:${image.mime};base64,${Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength).toString('base64')}`;
}
