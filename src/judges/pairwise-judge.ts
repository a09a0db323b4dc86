import type { PromptTemplate } from '../protocol/prompt-template.js';
import { chatJudgeSettings, chatRequest, requestIdentity, type ChatJudgeOptions } from './chat-judge-options.js';
import { prepareImage } from './image-preparation.js';
import { slotAnswers, type Judge } from './judge.js';
import { trialKey } from './trial-key.js';

/** A chat model shown the image, the question and both answers, asked for a verdict per dimension. */
export function pairwiseJudge(options: ChatJudgeOptions & { prompt: PromptTemplate }): Judge {
  const { provider, prompt, timeoutMs, imagePolicy } = options;
  return {
    spec: options.name,
    mode: 'pairwise',
    samples: options.samples,
    local: false,
    settings: chatJudgeSettings(options, prompt),
    prepare({ case: c, order, sample }) {
      const request = chatRequest(options, c, prompt.render({ question: c.question, ...slotAnswers(c, order) }), sample);
      return {
        key: trialKey({ ...requestIdentity(options, request), sample }),
        size: { requests: 1, promptChars: request.text.length, images: 1 },
        ...(provider.batchBody
          ? {
              batchBodies: async () => {
                const image = request.image && (await prepareImage(request.image, imagePolicy, c.uid, provider.kind));
                return [{ part: '' as const, body: provider.batchBody!({ ...request, image }) }];
              },
            }
          : {}),
        async execute(signal) {
          const image = request.image && (await prepareImage(request.image, imagePolicy, c.uid, provider.kind));
          const reply = await provider.complete({ ...request, image }, { timeoutMs, ...(signal ? { signal } : {}) });
          return { rawOutput: reply.text, reasoning: reply.reasoning, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
        },
      };
    },
  };
}
