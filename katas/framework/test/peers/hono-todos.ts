/**
 * The to-do API of README §5 written with Hono, served by @hono/node-server: the production peer
 * of the differential property (7-rest.property.spec.ts). Written by hand from the README's
 * rules; it shares no code with the kata (nor with the reference).
 */
import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';

interface Todo {
  id: string;
  title: string;
  done: boolean;
}
interface FieldError {
  field: string;
  message: string;
}

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(String(status));
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
};

const etagOf = (t: Todo): string =>
  `"${createHash('sha1').update(`${t.id}\n${t.title}\n${t.done}`).digest('hex')}"`;
const tags = (field: string): string[] =>
  field
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const strong = (field: string, etag: string): boolean =>
  tags(field).some((t) => t === '*' || t === etag);
const weak = (field: string, etag: string): boolean =>
  tags(field).some((t) => t === '*' || t.replace(/^W\//, '') === etag);

function check(body: unknown): { title: string; done: boolean } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new Problem(422, { errors: [{ field: '', message: 'object expected' }] });
  }
  const errors: FieldError[] = [];
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (k !== 'title' && k !== 'done') errors.push({ field: k, message: 'not allowed' });
  }
  if (typeof b.title !== 'string' || b.title.trim().length === 0 || b.title.length > 200) {
    errors.push({ field: 'title', message: 'invalid' });
  }
  if ('done' in b && typeof b.done !== 'boolean')
    errors.push({ field: 'done', message: 'invalid' });
  if (errors.length > 0) throw new Problem(422, { errors });
  return { title: b.title as string, done: b.done === true };
}

function merge(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

async function jsonOf(c: Context, type: string): Promise<unknown> {
  const got = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (got !== type) {
    throw new Problem(
      415,
      {},
      type === 'application/merge-patch+json' ? { 'Accept-Patch': type } : {},
    );
  }
  const text = await c.req.text();
  if (text.length > 1024 * 1024) throw new Problem(413);
  try {
    let bad = false;
    const value = JSON.parse(text, (k, v) => {
      if (k === '__proto__' || k === 'constructor') bad = true;
      return v;
    });
    if (bad) throw new Problem(400);
    return value;
  } catch (e) {
    if (e instanceof Problem) throw e;
    throw new Problem(400);
  }
}

function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  let best = -1;
  let q = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const rank =
      range === 'application/json' ? 2 : range === 'application/*' ? 1 : range === '*/*' ? 0 : -1;
    if (rank <= best) continue;
    best = rank;
    q = 1;
    for (const p of params) if (p.startsWith('q=')) q = Number(p.slice(2));
  }
  return q > 0;
}

/** The Hono app. */
export function honoTodos(): Hono {
  const store = new Map<string, Todo>();
  let next = 0;
  const app = new Hono();

  app.onError((err, c) => {
    if (!(err instanceof Problem)) throw err;
    return c.body(
      JSON.stringify({
        type: 'about:blank',
        title: TITLES[err.status],
        status: err.status,
        ...err.extra,
      }),
      err.status as 400,
      { 'Content-Type': 'application/problem+json', ...err.headers },
    );
  });

  const need = (id: string): Todo => {
    const t = store.get(id);
    if (t === undefined) throw new Problem(404);
    return t;
  };
  const conditions = (c: Context, current: Todo | undefined, required: boolean): void => {
    const ifMatch = c.req.header('if-match');
    const ifNone = c.req.header('if-none-match');
    if (ifMatch !== undefined) {
      if (current === undefined || !strong(ifMatch, etagOf(current))) throw new Problem(412);
      return;
    }
    if (ifNone !== undefined && current !== undefined && weak(ifNone, etagOf(current))) {
      throw new Problem(412);
    }
    if (required && current !== undefined && ifNone === undefined) throw new Problem(428);
  };
  const show = (c: Context, t: Todo, status: 200 | 201) => c.json(t, status, { ETag: etagOf(t) });
  const int = (c: Context, name: string, dflt: number, min: number, max: number): number => {
    const raw = c.req.query(name);
    if (raw === undefined) return dflt;
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(n >= min && n <= max)) {
      throw new Problem(400, { errors: [{ field: name, message: 'out of range' }] });
    }
    return n;
  };

  app.get('/todos', (c) => {
    if (!acceptsJson(c.req.header('accept'))) throw new Problem(406);
    const done = c.req.query('done');
    if (done !== undefined && done !== 'true' && done !== 'false') {
      throw new Problem(400, { errors: [{ field: 'done', message: 'true or false' }] });
    }
    const limit = int(c, 'limit', 10, 1, 100);
    const offset = int(c, 'offset', 0, 0, 1e9);
    const all = [...store.values()].filter((t) => done === undefined || String(t.done) === done);
    const base = done === undefined ? '' : `done=${done}&`;
    const rels: string[] = [];
    if (offset + limit < all.length) {
      rels.push(`</todos?${base}limit=${limit}&offset=${offset + limit}>; rel="next"`);
    }
    if (offset > 0) {
      rels.push(`</todos?${base}limit=${limit}&offset=${Math.max(0, offset - limit)}>; rel="prev"`);
    }
    if (rels.length > 0) c.header('Link', rels.join(', '));
    c.header('X-Total-Count', String(all.length));
    return c.json(all.slice(offset, offset + limit));
  });

  app.post('/todos', async (c) => {
    const fields = check(await jsonOf(c, 'application/json'));
    do next += 1;
    while (store.has(String(next)));
    const todo = { id: String(next), ...fields };
    store.set(todo.id, todo);
    c.header('Location', `/todos/${todo.id}`);
    return show(c, todo, 201);
  });

  app.get('/todos/:id', (c) => {
    if (!acceptsJson(c.req.header('accept'))) throw new Problem(406);
    const todo = need(c.req.param('id'));
    const ifNone = c.req.header('if-none-match');
    if (ifNone !== undefined && weak(ifNone, etagOf(todo))) {
      return c.body(null, 304, { ETag: etagOf(todo) });
    }
    return show(c, todo, 200);
  });

  app.put('/todos/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Problem(404);
    const current = store.get(id);
    conditions(c, current, true);
    const todo = { id, ...check(await jsonOf(c, 'application/json')) };
    store.set(id, todo);
    if (current === undefined) c.header('Location', `/todos/${id}`);
    return show(c, todo, current === undefined ? 201 : 200);
  });

  app.patch('/todos/:id', async (c) => {
    const current = need(c.req.param('id'));
    conditions(c, current, true);
    const patch = await jsonOf(c, 'application/merge-patch+json');
    const merged = merge({ title: current.title, done: current.done }, patch);
    const todo = { id: current.id, ...check(merged) };
    store.set(todo.id, todo);
    return show(c, todo, 200);
  });

  app.delete('/todos/:id', (c) => {
    const current = need(c.req.param('id'));
    conditions(c, current, false);
    store.delete(current.id);
    return c.body(null, 204);
  });

  return app;
}

/** Serves the Hono app on 127.0.0.1, port 0; resolves with its port and a close(). */
export function serveHono(app: Hono): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
