import type { ErrorKind } from '../store/store.js';

export interface ChatImage {
  readonly mime: string;
  readonly sha256: string;
  readonly bytes: Uint8Array;
}

/** A JSON schema the reply must follow, for APIs that can enforce one (`--structured`). */
export interface ReplySchema {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** One single-turn request with an optional image sent before the text, as the reference does. */
export interface ChatRequest {
  readonly model: string;
  readonly image: ChatImage | null;
  readonly text: string;
  readonly temperature: number;
  readonly maxTokens: number;
  /** Sent where the API takes one; repeated samples of a trial get seed + sample. */
  readonly seed?: number;
  /** Turn on the model's own reasoning (vLLM `enable_thinking`, OpenAI reasoning effort, Claude and Gemini thinking). */
  readonly thinking?: boolean;
  readonly replySchema?: ReplySchema;
}

/** A request as one API receives it: a field the API does not carry (Claude's temperature) is absent. */
export type SentRequest = Omit<ChatRequest, 'temperature' | 'seed'> & { readonly temperature?: number; readonly seed?: number };

export interface ChatReply {
  readonly text: string;
  /** Reasoning the server returned apart from the answer; stored, never parsed. */
  readonly reasoning: string | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
}

/** The transport to one model API. Only providers speak HTTP. */
export interface ChatProvider {
  readonly kind: string;
  /** Where requests go; part of a trial's key, since two servers may serve different weights under one name. */
  readonly endpoint: string;
  complete(request: ChatRequest, options: CallOptions): Promise<ChatReply>;
  /** The body this request would carry, for APIs whose batch files hold such bodies (OpenAI, vLLM run_batch). */
  batchBody?(request: ChatRequest): Record<string, unknown>;
  /**
   * What of the request reaches the API, where the API leaves something out; a trial's key is made
   * from it, so a setting that is never sent cannot make answered trials look new.
   */
  sent?(request: ChatRequest): SentRequest;
  /** Milliseconds until this endpoint takes requests again after a 429 (0: now); replica sets route around it. */
  pausedForMs?(): number;
}

export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['rate-limit', 'server', 'timeout', 'network']);

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

/** A provider cannot be set up as asked (no API key, say): a usage problem, found before any request. */
export class ProviderConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderConfigError';
  }
}

/** The run was stopped (Ctrl-C): the request is abandoned and nothing is recorded for it. */
export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

export function errorKindForStatus(status: number): ErrorKind {
  if (status === 429) return 'rate-limit';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'client';
}

/** `Retry-After` as seconds or an HTTP date, or OpenAI's `retry-after-ms`. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, nowMs = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Error text from a server can echo credentials (OpenAI quotes part of a wrong key): cut them out. */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  // Server text is untrusted: no escape sequences reach the user's terminal.
  return out.replace(/\b(sk|key|token)-[A-Za-z0-9_*\-.]{6,}/gi, '[redacted]').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}
