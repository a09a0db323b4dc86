import { encodePairedOutput } from '../protocol/paired-output.js';
import type { PointwisePromptTemplate } from '../protocol/pointwise-prompt.js';
import { chatJudgeSettings, chatRequest, requestIdentity, type ChatJudgeOptions } from './chat-judge-options.js';
import { prepareImage } from './image-preparation.js';
import type { Judge } from './judge.js';
import { pairedRequests } from './paired-requests.js';
import { trialKey } from './trial-key.js';

const sum = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));

/**
 * A chat model that rates each answer on its own, 1 to 10 per dimension. Neither answer sees the
 * other, so both orders are the same two requests: they share one key and are paid for once.
 */
export function pointwiseJudge(options: ChatJudgeOptions & { prompt: PointwisePromptTemplate }): Judge {
  const { provider, prompt, timeoutMs, imagePolicy } = options;
  return {
    spec: options.name,
    mode: 'pointwise',
    samples: options.samples,
    local: false,
    settings: { ...chatJudgeSettings(options, prompt), mode: 'pointwise' },
    prepare({ case: c, sample }) {
      const requests = {
        A: chatRequest(options, c, prompt.render({ question: c.question, answer: c.answerA }), sample),
        B: chatRequest(options, c, prompt.render({ question: c.question, answer: c.answerB }), sample),
      };
      const both = pairedRequests(async (label, signal) => {
        const request = requests[label];
        const image = request.image && (await prepareImage(request.image, imagePolicy, c.uid, provider.kind));
        return provider.complete({ ...request, image }, { timeoutMs, ...(signal ? { signal } : {}) });
      });
      return {
        key: trialKey({ pointwise: { A: requestIdentity(options, requests.A), B: requestIdentity(options, requests.B) }, sample }),
        size: { requests: 2, promptChars: requests.A.text.length + requests.B.text.length, images: 2 },
        ...(provider.batchBody
          ? {
              batchBodies: async () =>
                Promise.all(
                  (['A', 'B'] as const).map(async (part) => {
                    const request = requests[part];
                    const image = request.image && (await prepareImage(request.image, imagePolicy, c.uid, provider.kind));
                    return { part, body: provider.batchBody!({ ...request, image }) };
                  }),
                ),
            }
          : {}),
        async execute(signal) {
          const { A, B } = await both(signal);
          const reasoning = A.reasoning || B.reasoning ? encodePairedOutput({ A: A.reasoning, B: B.reasoning }) : null;
          return { rawOutput: encodePairedOutput({ A: A.text, B: B.text }), reasoning, inputTokens: sum(A.inputTokens, B.inputTokens), outputTokens: sum(A.outputTokens, B.outputTokens) };
        },
      };
    },
  };
}
