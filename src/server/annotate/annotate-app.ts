import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import { aggregate } from '../../build/aggregate.js';
import { AnnotationStore, isChoice, ROLES, type Annotator, type Role } from '../../build/annotation-store.js';
import { BuildError } from '../../build/build-error.js';
import type { BuildStore } from '../../build/build-store.js';
import { DIMENSIONS, isDimension } from '../../protocol/dimensions.js';

/** The browser code, found beside the package whether it runs from `src/` or `dist/`. */
const WEB = fileURLToPath(new URL('../../../web/annotate/', import.meta.url));
const ASSETS: Record<string, string> = {
  'annotate.js': 'text/javascript; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
  'common.js': 'text/javascript; charset=utf-8',
  'annotate.css': 'text/css; charset=utf-8',
};

// Every string on the pages comes from the store through JSON and textContent; this policy makes
// sure nothing else can run even if that rule were broken somewhere.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export interface AnnotateAppOptions {
  /** Offer "tie" next to A and B. */
  readonly allowTie: boolean;
}

type Env = { Variables: { annotator: Annotator } };

/**
 * The annotation web app. Every API call carries the caller's secret token as a bearer token (the
 * page reads it from the link's #fragment, which browsers never send to servers or put in logs);
 * no token, no data. Annotators see only the pairs assigned to them, without model names.
 */
export function annotateApp(store: BuildStore, options: AnnotateAppOptions): Hono<Env> {
  const annotations = new AnnotationStore(store.db);
  const app = new Hono<Env>();
  const page = (name: string) => readFileSync(`${WEB}${name}`, 'utf8');

  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });
  app.onError((error, c) => {
    if (error instanceof BuildError) return c.json({ error: error.message }, 400);
    console.error(`annotate: ${error instanceof Error ? error.message : String(error)}`);
    return c.json({ error: 'internal error; nothing was lost, try again' }, 500);
  });

  app.get('/', (c) => c.redirect('/annotate'));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/annotate', (c) => c.html(page('annotate.html')));
  app.get('/admin', (c) => c.html(page('admin.html')));
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    return c.body(page(file), 200, { 'content-type': type });
  });

  const authorised = (roles: readonly Role[]) => async (c: Context<Env>, next: () => Promise<void>) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    const annotator = token ? await annotations.byToken(token) : undefined;
    if (!annotator) return c.json({ error: 'this link is not valid: ask the study administrator for your personal link' }, 401);
    if (!roles.includes(annotator.role)) return c.json({ error: `this page is for ${roles.join(' or ')}s` }, 403);
    c.set('annotator', annotator);
    await next();
  };

  const body = async (c: Context<Env>): Promise<Record<string, unknown>> => {
    const value = await c.req.json().catch(() => undefined);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BuildError('expected a JSON object');
    return value as Record<string, unknown>;
  };

  app.use('/api/*', authorised(ROLES));
  app.get('/api/me', (c) => {
    const { name, role } = c.get('annotator');
    return c.json({ name, role, dimensions: DIMENSIONS, allowTie: options.allowTie });
  });

  app.get('/api/tasks', async (c) => {
    const me = c.get('annotator');
    if (me.role === 'adjudicator') {
      const queue = (await aggregate(store)).pairs.filter((o) => o.needsAdjudication || Object.values(o.dimensions).some((d) => d.status === 'adjudicated'));
      return c.json({ tasks: queue.map((o) => ({ pairId: o.pair.pairId, labelled: Object.values(o.dimensions).filter((d) => d.status !== 'split').length })) });
    }
    return c.json({ tasks: await annotations.tasks(me.id) });
  });

  /** May this person see this pair: an annotator their own pairs, an adjudicator and an admin any. */
  const mayView = async (me: Annotator, pairId: string) => me.role !== 'annotator' || (await annotations.isAssigned(pairId, me.id));

  app.get('/api/pairs/:id', async (c) => {
    const me = c.get('annotator');
    const pairId = c.req.param('id');
    const pair = (await store.pairs()).find((p) => p.pairId === pairId);
    if (!pair || !(await mayView(me, pairId))) return c.json({ error: 'no such pair among yours' }, 404);
    const item = (await store.items()).find((i) => i.itemId === pair.itemId)!;
    const responses = new Map((await store.responses()).filter((r) => r.itemId === item.itemId).map((r) => [r.model, r.answer ?? '']));
    const mine = await annotations.labelsOf(pairId, me.id);
    const view = {
      pairId,
      question: item.question,
      answerA: responses.get(pair.modelA) ?? '',
      answerB: responses.get(pair.modelB) ?? '',
      organ: item.organ,
      modality: item.modality ?? null,
      department: item.department ?? null,
      choices: mine.choices,
      comment: mine.comment,
    };
    if (me.role === 'annotator') return c.json(view);
    // The adjudicator sees how the annotators voted and what they wrote, never who they are.
    const outcome = (await aggregate(store)).pairs.find((o) => o.pair.pairId === pairId)!;
    const settled = Object.fromEntries((await annotations.adjudications()).filter((a) => a.pairId === pairId).map((a) => [a.dimension, a.choice]));
    return c.json({ ...view, choices: settled, votes: Object.fromEntries(DIMENSIONS.map((d) => [d, outcome.dimensions[d].votes])), comments: (await annotations.comments(pairId)).map((x) => x.comment) });
  });

  app.get('/api/pairs/:id/image', async (c) => {
    const me = c.get('annotator');
    const pairId = c.req.param('id');
    const pair = (await store.pairs()).find((p) => p.pairId === pairId);
    if (!pair || !(await mayView(me, pairId))) return c.json({ error: 'no such pair among yours' }, 404);
    const image = (await store.itemImage(pair.itemId))!;
    return c.body(Buffer.from(image.bytes), 200, { 'content-type': image.mime });
  });

  app.put('/api/pairs/:id/labels/:dimension', async (c) => {
    const me = c.get('annotator');
    const { id: pairId, dimension } = c.req.param();
    if (!isDimension(dimension)) return c.json({ error: `unknown dimension ${JSON.stringify(dimension)}` }, 400);
    const { choice } = await body(c);
    if (choice !== null && (!isChoice(choice) || (choice === 'tie' && !options.allowTie))) return c.json({ error: `choice must be A, B${options.allowTie ? ', tie' : ''} or null` }, 400);
    if (me.role === 'adjudicator') {
      if (!(await store.pairs()).some((p) => p.pairId === pairId)) return c.json({ error: 'no such pair' }, 404);
      await annotations.setAdjudication(pairId, dimension, choice, me.id);
      return c.json({ saved: true });
    }
    if (!(await annotations.isAssigned(pairId, me.id))) return c.json({ error: 'no such pair among yours' }, 404);
    await annotations.setChoice(pairId, me.id, dimension, choice);
    return c.json({ saved: true });
  });

  app.put('/api/pairs/:id/comment', async (c) => {
    const me = c.get('annotator');
    const pairId = c.req.param('id');
    const { comment } = await body(c);
    if (typeof comment !== 'string' || comment.length > 5000) return c.json({ error: 'comment must be text of at most 5000 characters' }, 400);
    if (!(await mayView(me, pairId)) || me.role !== 'annotator') return c.json({ error: 'no such pair among yours' }, 404);
    await annotations.setComment(pairId, me.id, comment);
    return c.json({ saved: true });
  });

  app.use('/api/admin/*', authorised(['admin']));
  app.get('/api/admin/overview', async (c) => {
    const result = await aggregate(store);
    const people = await annotations.annotators();
    const tasks = await Promise.all(people.map((p) => annotations.tasks(p.id)));
    return c.json({
      annotators: people.map((p, i) => ({ name: p.name, role: p.role, assigned: tasks[i]!.length, done: tasks[i]!.filter((t) => t.labelled === DIMENSIONS.length).length })),
      counts: result.counts,
      agreement: result.agreement,
    });
  });
  app.post('/api/admin/annotators', async (c) => {
    const { name, role } = await body(c);
    if (typeof name !== 'string') return c.json({ error: 'name is required' }, 400);
    const r = role === undefined ? 'annotator' : role;
    if (typeof r !== 'string' || !(ROLES as readonly string[]).includes(r)) return c.json({ error: `role must be one of ${ROLES.join(', ')}` }, 400);
    const { annotator, token } = await annotations.createAnnotator(name, r as Role);
    const origin = new URL(c.req.url).origin;
    // The token leaves the server once, in this reply to the admin; it is not logged or stored.
    return c.json({ name: annotator.name, role: annotator.role, link: `${origin}/${annotator.role === 'admin' ? 'admin' : 'annotate'}#token=${token}` });
  });
  app.post('/api/admin/assign', async (c) => {
    const { perPair } = await body(c);
    const n = perPair === undefined ? 3 : perPair;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 20) return c.json({ error: 'perPair must be a whole number from 1 to 20' }, 400);
    return c.json(await annotations.assign(n));
  });

  return app;
}
