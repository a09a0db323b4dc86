import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptText, type ApiAnswer, type ApiRequest, type FakeApiServer } from '../fakes/fake-api-server.js';
import { firstAnswer, jsonVerdict } from '../fakes/fake-openai-server.js';
import { tempDir, writeFixtureDataset } from '../fakes/fixture-dataset.js';
import { runCli } from '../fakes/run-cli.js';
import { testApiServer } from '../fakes/test-api-server.js';

let data: { root: string };

beforeAll(() => {
  data = writeFixtureDataset({ brain: 4, lung: 4 });
});

const goodSlot = (request: ApiRequest): ApiAnswer => ({ text: jsonVerdict(firstAnswer(promptText(request)).includes('GOOD') ? 'A' : 'B') });

interface Arrival {
  readonly at: number;
  readonly model: string;
}

/** A server whose first request is a 429 with Retry-After; it notes when each request arrives. */
async function rateLimitingServer(retryAfterSeconds: number, arrivals: Arrival[]): Promise<FakeApiServer> {
  const server = await testApiServer((req, i) => {
    arrivals.push({ at: Date.now(), model: req.body.model });
    // Slow replies keep the run's work spread over the back-off window.
    return i === 0 ? { error: 429, retryAfter: String(retryAfterSeconds) } : { ...goodSlot(req), delayMs: 300 };
  });
  return server;
}

const between = (arrivals: readonly Arrival[], from: number, to: number) => arrivals.filter((a) => a.at > from && a.at < to);

describe('429 back-off per endpoint', () => {
  it('holds back every judge on the server that answered 429, not only the judge that got it', async () => {
    const arrivals: Arrival[] = [];
    const server = await rateLimitingServer(2, arrivals);
    const work = tempDir();
    const r = await runCli([
      'run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20', '--orders', 'original',
      '--judge', 'openai-compatible:m1', '--judge', 'openai-compatible:m2', '--base-url', `${server.origin}/v1`, '--concurrency', '4',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const limitedAt = arrivals[0]!.at;
    // Requests already on their way when the 429 came back are let through; after that, neither
    // judge sends anything until the server's Retry-After is over.
    expect(between(arrivals, limitedAt + 300, limitedAt + 1900)).toEqual([]);
    const after = arrivals.filter((a) => a.at >= limitedAt + 1900);
    expect(new Set(after.map((a) => a.model))).toEqual(new Set(['m1', 'm2']));
  });

  it("lets a judge's other replica go on while the one that answered 429 waits", async () => {
    const limitedArrivals: Arrival[] = [];
    const limited = await rateLimitingServer(3, limitedArrivals);
    const freeArrivals: Arrival[] = [];
    const free = await testApiServer((req) => (freeArrivals.push({ at: Date.now(), model: req.body.model }), { ...goodSlot(req), delayMs: 400 }));
    const work = tempDir();
    const r = await runCli([
      'run', '--data', data.root, '--store', join(work, 's.sqlite'), '--out', join(work, 'out'), '--resamples', '20',
      '--judge', 'openai-compatible:m', '--base-url', `${limited.origin}/v1,${free.origin}/v1`, '--concurrency', '4',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const limitedAt = limitedArrivals[0]!.at;
    expect(between(limitedArrivals, limitedAt + 300, limitedAt + 2900)).toEqual([]);
    expect(between(freeArrivals, limitedAt + 300, limitedAt + 2900).length).toBeGreaterThan(0);
  });
});
