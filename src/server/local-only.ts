import type { MiddlewareHandler } from 'hono';

export const LOOPBACK = '127.0.0.1';

const LOCAL_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * For servers that bind 127.0.0.1 and show local data: refuses requests whose Host is not a loopback
 * name (a web page on another site reaching the server through DNS rebinding carries its own host
 * name), and sends headers that keep the pages from being framed, sniffed, or made to load anything
 * from elsewhere.
 */
export function localOnly(options: { contentSecurityPolicy: string }): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const name = host.replace(/:\d+$/, '').toLowerCase();
    if (!LOCAL_NAMES.has(name)) return c.json({ error: `this server answers only on ${LOOPBACK}` }, 403);
    await next();
    c.header('Content-Security-Policy', options.contentSecurityPolicy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
