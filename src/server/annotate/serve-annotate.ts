import type { AddressInfo } from 'node:net';
import type { BuildStore } from '../../build/build-store.js';
import { annotateApp, type AnnotateAppOptions } from './annotate-app.js';

export interface AnnotateServer {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost']);

/**
 * Serves the annotation app on 127.0.0.1 only: annotators reach it through the hospital's own
 * means (the machine itself, an SSH tunnel, a reverse proxy the IT department controls).
 * Requests naming another host are refused, so a web page elsewhere cannot reach the app by
 * pointing a domain name at 127.0.0.1 (DNS rebinding).
 */
export async function serveAnnotate(store: BuildStore, options: AnnotateAppOptions & { port: number }): Promise<AnnotateServer> {
  const { serve } = await import('@hono/node-server');
  const app = annotateApp(store, options);
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: (request: Request) => {
          const host = new URL(request.url).hostname;
          if (!LOOPBACK.has(host)) return new Response('unknown host', { status: 421 });
          return app.fetch(request);
        },
        port: options.port,
        hostname: '127.0.0.1',
      },
      (info: AddressInfo) => {
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
              server.close(() => done());
            }),
        });
      },
    );
    server.on('error', reject);
  });
}
