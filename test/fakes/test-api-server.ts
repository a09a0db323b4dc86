import { onTestFinished } from 'vitest';
import { startFakeApiServer, type ApiAnswer, type ApiRequest, type FakeApiServer } from './fake-api-server.js';

/** A fake API server for the test in progress, closed when that test ends, whatever its outcome. */
export async function testApiServer(answer: (request: ApiRequest, index: number) => ApiAnswer): Promise<FakeApiServer> {
  const server = await startFakeApiServer(answer);
  onTestFinished(() => server.close());
  return server;
}
