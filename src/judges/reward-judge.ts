import { encodePairedOutput } from '../protocol/paired-output.js';
import type { RewardProvider } from '../providers/reward.js';
import { prepareImage, type ImagePolicy } from './image-preparation.js';
import type { Judge } from './judge.js';
import { pairedRequests } from './paired-requests.js';
import { trialKey } from './trial-key.js';

export interface RewardJudgeOptions {
  readonly name: string;
  readonly provider: RewardProvider;
  readonly model: string;
  readonly timeoutMs: number;
  readonly imagePolicy: ImagePolicy;
}

/**
 * A scalar reward model: each answer scored once, the higher reward wins. It has no position and
 * no sampling, so every order and sample of a case is the same pair of requests, sent once.
 */
export function rewardJudge({ name, provider, model, timeoutMs, imagePolicy }: RewardJudgeOptions): Judge {
  return {
    spec: name,
    mode: 'reward',
    samples: 1,
    local: false,
    settings: {
      provider: provider.kind,
      endpoint: provider.endpoint,
      model,
      mode: 'reward',
      ...(provider.identity ?? {}),
      ...(imagePolicy.maxPixels !== undefined ? { maxPixels: imagePolicy.maxPixels } : {}),
    },
    prepare({ case: c }) {
      const answers = { A: c.answerA, B: c.answerB };
      const both = pairedRequests(async (label, signal) => {
        const image = await prepareImage({ mime: c.image.mime, sha256: c.image.sha256, bytes: c.image.bytes }, imagePolicy, c.uid, provider.kind);
        return provider.score({ model, image, question: c.question, answer: answers[label] }, { timeoutMs, ...(signal ? { signal } : {}) });
      });
      return {
        key: trialKey({
          reward: { kind: provider.kind, endpoint: provider.endpoint, model, image: c.image.sha256, question: c.question, ...answers, ...(provider.identity ? { identity: provider.identity } : {}) },
          ...(imagePolicy.maxPixels !== undefined ? { maxPixels: imagePolicy.maxPixels } : {}),
        }),
        size: { requests: 2, promptChars: 2 * c.question.length + c.answerA.length + c.answerB.length, images: 2 },
        async execute(signal) {
          const { A, B } = await both(signal);
          const tokens = A.inputTokens === null && B.inputTokens === null ? null : (A.inputTokens ?? 0) + (B.inputTokens ?? 0);
          return { rawOutput: encodePairedOutput({ A: A.reward, B: B.reward }), reasoning: null, inputTokens: tokens, outputTokens: null };
        },
      };
    },
  };
}
