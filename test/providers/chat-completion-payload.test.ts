import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/providers/chat.js';
import { chatCompletionBody, chatCompletionPayload, type OpenAIFlavor } from '../../src/providers/openai-compatible.js';

const image = (bytes: number[], mime = 'image/png') => ({ mime, sha256: 'x', bytes: Uint8Array.from(bytes) });

const requests: Array<[string, ChatRequest]> = [
  ['a plain request', { model: 'm', image: image([137, 80, 78, 71, 1, 2, 3, 250, 251, 252]), text: 'Which is better?', temperature: 0.1, maxTokens: 4096 }],
  ['no image', { model: 'm', image: null, text: 'text only', temperature: 0, maxTokens: 10 }],
  [
    'text that quotes the image part, with quotes, escapes and non-ASCII',
    { model: 'org/"odd" model', image: image([0, 255, 128]), text: '{"type":"image_url","image_url":{"url":""}} \\ "q" \n\t\u0000 ∑ 漢字 😀', temperature: 0.1, maxTokens: 5 },
  ],
  ['an empty image', { model: 'm', image: image([]), text: '', temperature: 1, maxTokens: 1 }],
  [
    'thinking, a seed and a reply schema',
    { model: 'm', image: image([1, 2, 3, 4, 5], 'image/jpeg'), text: 't', temperature: 0.2, maxTokens: 9, seed: 7, thinking: true, replySchema: { name: 'verdict', schema: { type: 'object' } } },
  ],
];

describe('the request body sent to an OpenAI-compatible server', () => {
  it.each(requests)('is the serialized chat completion body, byte for byte: %s', (_name, request) => {
    for (const flavor of ['openai', 'openai-compatible'] as OpenAIFlavor[]) {
      expect(chatCompletionPayload(request, flavor).toString('utf8')).toBe(JSON.stringify(chatCompletionBody(request, flavor)));
    }
  });

  it('holds a large image exactly', () => {
    const bytes = Array.from({ length: 30_001 }, (_, i) => (i * 7919) % 256);
    const request: ChatRequest = { model: 'm', image: image(bytes), text: 'q', temperature: 0.1, maxTokens: 4096 };
    const body = JSON.parse(chatCompletionPayload(request, 'openai-compatible').toString('utf8'));
    const url: string = body.messages[0].content[0].image_url.url;
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect([...Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')]).toEqual(bytes);
  });
});
