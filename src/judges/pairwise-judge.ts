import type { PromptTemplate } from '../protocol/prompt-template.js';
import type { ChatProvider, ChatRequest } from '../providers/chat.js';
import { slotAnswers, type Judge } from './judge.js';
import { trialKey } from './trial-key.js';

export interface PairwiseJudgeOptions {
  readonly spec: string;
  readonly provider: ChatProvider;
  readonly model: string;
  readonly prompt: PromptTemplate;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
}

/** A chat model shown the image, the question and both answers, asked for a verdict per dimension. */
export function pairwiseJudge({ spec, provider, model, prompt, temperature, maxTokens, timeoutMs }: PairwiseJudgeOptions): Judge {
  return {
    spec,
    local: false,
    settings: { provider: provider.kind, endpoint: provider.endpoint, model, prompt: prompt.name, promptVersion: prompt.version, temperature, maxTokens },
    prepare({ case: c, order, sample }) {
      const request: ChatRequest = {
        model,
        image: { mime: c.image.mime, sha256: c.image.sha256, bytes: c.image.bytes },
        text: prompt.render({ question: c.question, ...slotAnswers(c, order) }),
        temperature,
        maxTokens,
      };
      const key = trialKey({
        provider: provider.kind,
        endpoint: provider.endpoint,
        ...request,
        image: { mime: c.image.mime, sha256: c.image.sha256 },
        sample,
      });
      return {
        key,
        async execute(signal) {
          const reply = await provider.complete(request, { timeoutMs, ...(signal ? { signal } : {}) });
          return { rawOutput: reply.text, reasoning: reply.reasoning, inputTokens: reply.inputTokens, outputTokens: reply.outputTokens };
        },
      };
    },
  };
}
