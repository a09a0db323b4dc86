import { ProviderConfigError, ProviderError, redactSecrets, type CallOptions } from './chat.js';
import { jsonHeaders, postJson } from './post-json.js';
import { httpEndpoint, optionalApiKey } from './provider-config.js';
import { imageDataUrl, type RewardProvider, type RewardReply, type RewardRequest } from './reward.js';

export interface RewardHttpOptions {
  /** The full URL requests go to. */
  readonly url: string;
  /**
   * The JSON body, with placeholders in string values: {{model}}, {{question}}, {{answer}},
   * {{image_base64}}, {{image_mime}}, {{image_data_url}}. A string that is only a placeholder
   * becomes the value itself.
   */
  readonly requestTemplate: unknown;
  /** Where the score is in the reply, e.g. `score`, `data.0.reward` or `$.rewards[0]`. */
  readonly scorePath: string;
  readonly apiKeyEnv?: string;
}

/** Any other HTTP scorer, described by a request template and the path to the score in its reply. */
export function rewardHttpProvider({ url, requestTemplate, scorePath, apiKeyEnv }: RewardHttpOptions): RewardProvider {
  const endpoint = httpEndpoint(url);
  const path = parseScorePath(scorePath);
  const apiKey = optionalApiKey(apiKeyEnv);
  if (apiKeyEnv && !apiKey) throw new ProviderConfigError(`no API key: ${apiKeyEnv} is not set`);
  const headers = jsonHeaders(apiKey);
  const clean = (message: string) => redactSecrets(message, [apiKey]);
  return {
    kind: 'reward-http',
    endpoint,
    identity: { requestTemplate, scorePath },
    async score(request: RewardRequest, options: CallOptions): Promise<RewardReply> {
      const body = JSON.stringify(fillTemplate(requestTemplate, placeholderValues(request)));
      const reply = await postJson(endpoint, body, headers, options, clean);
      const reward = valueAt(reply, path);
      if (typeof reward !== 'number' || !Number.isFinite(reward)) {
        throw new ProviderError(`the reply has no number at ${scorePath} (found ${JSON.stringify(reward)?.slice(0, 60) ?? 'nothing'})`, 'server');
      }
      return { reward, inputTokens: null };
    },
  };
}

function placeholderValues(request: RewardRequest): Record<string, string> {
  const base64 = request.image ? Buffer.from(request.image.bytes.buffer, request.image.bytes.byteOffset, request.image.bytes.byteLength).toString('base64') : '';
  return {
    model: request.model,
    question: request.question,
    answer: request.answer,
    image_base64: base64,
    image_mime: request.image?.mime ?? '',
    image_data_url: request.image ? imageDataUrl(request.image) : '',
  };
}

const PLACEHOLDER = /\{\{\s*([a-z_0-9]+)\s*\}\}/g;

export function fillTemplate(template: unknown, values: Readonly<Record<string, string>>): unknown {
  if (typeof template === 'string') return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
  }
  return template;
}

/** Placeholders a template uses that we cannot fill: found when the judge is set up, not per request. */
export function unknownPlaceholders(template: unknown): string[] {
  const known = new Set(['model', 'question', 'answer', 'image_base64', 'image_mime', 'image_data_url']);
  const found = new Set<string>();
  const walk = (t: unknown): void => {
    if (typeof t === 'string') {
      for (const m of t.matchAll(PLACEHOLDER)) if (!known.has(m[1]!)) found.add(m[1]!);
    } else if (Array.isArray(t)) t.forEach(walk);
    else if (t && typeof t === 'object') Object.values(t).forEach(walk);
  };
  walk(template);
  return [...found];
}

export function parseScorePath(text: string): Array<string | number> {
  const trimmed = text.trim().replace(/^\$\.?/, '');
  if (trimmed === '') throw new ProviderConfigError(`score path "${text}" is empty; e.g. score or data.0.reward`);
  const parts: Array<string | number> = [];
  for (const piece of trimmed.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!m) throw new ProviderConfigError(`score path "${text}" is not understood at "${piece}"; e.g. score, data.0.reward or rewards[0]`);
    if (m[1]) parts.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}
