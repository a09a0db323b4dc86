import type { ChatProvider, ChatRequest, ReplySchema } from '../providers/chat.js';
import type { ImagePolicy } from './image-preparation.js';
import type { Case } from '../dataset/case.js';

/** What every generative judge shares, whatever its prompt and mode. */
export interface ChatJudgeOptions {
  readonly name: string;
  readonly provider: ChatProvider;
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly timeoutMs: number;
  readonly thinking: boolean;
  readonly replySchema?: ReplySchema;
  /** Sample i sends seed + i; undefined sends none. */
  readonly seed?: number;
  readonly samples: number;
  readonly imagePolicy: ImagePolicy;
}

/** The request for one prompt text, before the image is prepared for the API. */
export function chatRequest(o: ChatJudgeOptions, c: Case, text: string, sample: number): ChatRequest {
  return {
    model: o.model,
    image: { mime: c.image.mime, sha256: c.image.sha256, bytes: c.image.bytes },
    text,
    temperature: o.temperature,
    maxTokens: o.maxTokens,
    ...(o.seed !== undefined ? { seed: o.seed + sample } : {}),
    ...(o.thinking ? { thinking: true } : {}),
    ...(o.replySchema ? { replySchema: o.replySchema } : {}),
  };
}

/**
 * What identifies a request in a trial key: exactly what is sent (a field the API does not take is
 * left out), the image by its hash and how it is shrunk.
 */
export function requestIdentity(o: ChatJudgeOptions, request: ChatRequest): Record<string, unknown> {
  return {
    provider: o.provider.kind,
    endpoint: o.provider.endpoint,
    ...(o.provider.sent ? o.provider.sent(request) : request),
    image: request.image ? { mime: request.image.mime, sha256: request.image.sha256 } : null,
    ...(o.imagePolicy.maxPixels !== undefined ? { maxPixels: o.imagePolicy.maxPixels } : {}),
  };
}

/** Settings recorded with the run: what sets this judge's behaviour, never a secret. */
export function chatJudgeSettings(o: ChatJudgeOptions, prompt: { name: string; version: string }): Record<string, unknown> {
  return {
    provider: o.provider.kind,
    endpoint: o.provider.endpoint,
    model: o.model,
    prompt: prompt.name,
    promptVersion: prompt.version,
    temperature: o.temperature,
    maxTokens: o.maxTokens,
    ...(o.thinking ? { thinking: true } : {}),
    ...(o.replySchema ? { structured: o.replySchema.name } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.samples > 1 ? { samples: o.samples } : {}),
    ...(o.imagePolicy.maxPixels !== undefined ? { maxPixels: o.imagePolicy.maxPixels } : {}),
  };
}
