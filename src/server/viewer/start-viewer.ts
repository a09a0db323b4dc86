import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { openStore } from '../../store/open-store.js';
import { LOOPBACK } from '../local-only.js';
import { viewerApp } from './viewer-app.js';

export interface RunningViewer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the viewer of the store at `storePath` on 127.0.0.1 (port 0: any free port). */
export async function startViewer(options: { storePath: string; port: number; resamples?: number; freshAssets?: boolean }): Promise<RunningViewer> {
  const store = await openStore(options.storePath, { mustExist: true });
  const app = viewerApp({ store, ...(options.resamples ? { resamples: options.resamples } : {}), ...(options.freshAssets ? { freshAssets: true } : {}) });
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port, hostname: LOOPBACK }, () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    await store.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} on ${LOOPBACK} is in use; pick another with --port (0 for any free port)`);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}/`,
    async close() {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
