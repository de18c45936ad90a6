/**
 * The REST stage: a to-do API on the framework (README §5), in-memory. Every rule here is one
 * the README states, and the Hono twin in the specs (test/peers/hono-todos.ts) follows the same.
 */
import { createHash } from 'node:crypto';
import {
  type AppRequest,
  type AppResponse,
  accepts,
  cors,
  createApp,
  type FieldError,
  HttpError,
  validationError,
  type WebApp,
} from './index.ts';

export interface Todo {
  id: string;
  title: string;
  done: boolean;
}

export interface TodoApiOptions {
  /** The one origin CORS allows (no CORS middleware when absent). */
  corsOrigin?: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MERGE_PATCH = 'application/merge-patch+json';

/** A strong validator of the representation: it changes exactly when the JSON changes. */
const etagOf = (todo: Todo): string =>
  `"${createHash('sha256').update(JSON.stringify(todo)).digest('base64url').slice(0, 27)}"`;

/** If-Match / If-None-Match lists (RFC 9110 §13.1.1): `*` or entity-tags; weak ones kept as W/. */
const tagList = (field: string): string[] =>
  field
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Strong comparison (§8.8.3.2): a weak tag never matches. */
const strongMatch = (field: string, etag: string): boolean =>
  tagList(field).some((t) => t === '*' || (!t.startsWith('W/') && t === etag));

/** Weak comparison, for If-None-Match. */
const weakMatch = (field: string, etag: string): boolean =>
  tagList(field).some((t) => t === '*' || t.replace(/^W\//, '') === etag);

/** The fields of a to-do a client may write: title (1–200 characters, not blank) and done. */
function validate(body: unknown): { title: string; done: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ field: '', message: 'must be a JSON object' }]);
  }
  const errors: FieldError[] = [];
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === 'id') errors.push({ field: 'id', message: 'is read-only' });
    else if (key !== 'title' && key !== 'done')
      errors.push({ field: key, message: 'unknown field' });
  }
  const { title, done } = record;
  if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
    errors.push({ field: 'title', message: 'must be a string of 1 to 200 characters, not blank' });
  }
  if (done !== undefined && typeof done !== 'boolean') {
    errors.push({ field: 'done', message: 'must be a boolean' });
  }
  if (errors.length > 0) throw validationError(errors);
  return { title: title as string, done: (done as boolean | undefined) ?? false };
}

/** RFC 7396 §2: MergePatch(target, patch). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function integer(req: AppRequest, name: string, fallback: number, min: number, max: number) {
  const raw = req.query.get(name);
  if (raw === undefined) return fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max)) {
    throw validationError([{ field: name, message: `an integer from ${min} to ${max}` }], 400);
  }
  return n;
}

function needJson(req: AppRequest): void {
  if (accepts(req.header('accept'), ['application/json']) === undefined) {
    throw new HttpError(406, 'ERR_HTTP_NOT_ACCEPTABLE', { detail: 'this API speaks JSON' });
  }
}

/** The to-do API: `serve(createTodoApi().gateway)`. */
export function createTodoApi(options: TodoApiOptions = {}): WebApp {
  const store = new Map<string, Todo>();
  let counter = 0;
  const app = createApp();
  if (options.corsOrigin !== undefined) app.use(cors({ origin: options.corsOrigin }));

  const represent = (res: AppResponse, todo: Todo, status = 200): void => {
    res.setHeader('ETag', etagOf(todo));
    res.json(todo, status);
  };
  const find = (req: AppRequest): Todo => {
    const todo = store.get(req.params.id ?? '');
    if (todo === undefined) throw new HttpError(404, 'ERR_HTTP_NOT_FOUND');
    return todo;
  };
  const precondition = (req: AppRequest, todo: Todo | undefined, required: boolean): void => {
    const ifMatch = req.header('if-match');
    const ifNoneMatch = req.header('if-none-match');
    if (ifMatch !== undefined) {
      if (todo === undefined || !strongMatch(ifMatch, etagOf(todo))) {
        throw new HttpError(412, 'ERR_HTTP_PRECONDITION_FAILED');
      }
      return;
    }
    if (ifNoneMatch !== undefined && todo !== undefined && weakMatch(ifNoneMatch, etagOf(todo))) {
      throw new HttpError(412, 'ERR_HTTP_PRECONDITION_FAILED');
    }
    if (required && todo !== undefined && ifNoneMatch === undefined) {
      throw new HttpError(428, 'ERR_HTTP_PRECONDITION_REQUIRED', {
        detail: 'send If-Match with the ETag you last saw',
      });
    }
  };
  const jsonBody = async (req: AppRequest, type: string): Promise<unknown> => {
    const got = (req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (got !== type) {
      throw new HttpError(415, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', {
        headers: type === MERGE_PATCH ? [['Accept-Patch', MERGE_PATCH]] : [],
      });
    }
    return req.json();
  };

  app.get('/todos', (req, res) => {
    needJson(req);
    const done = req.query.get('done');
    if (done !== undefined && done !== 'true' && done !== 'false') {
      throw validationError([{ field: 'done', message: 'true or false' }], 400);
    }
    const limit = integer(req, 'limit', 10, 1, 100);
    const offset = integer(req, 'offset', 0, 0, 1_000_000_000);
    const all = [...store.values()].filter(
      (t) => done === undefined || t.done === (done === 'true'),
    );
    const page = all.slice(offset, offset + limit);
    const link = (o: number, rel: string): string => {
      const q = new URLSearchParams();
      if (done !== undefined) q.set('done', done);
      q.set('limit', String(limit));
      q.set('offset', String(o));
      return `</todos?${q}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (offset + limit < all.length) links.push(link(offset + limit, 'next'));
    if (offset > 0) links.push(link(Math.max(0, offset - limit), 'prev'));
    if (links.length > 0) res.setHeader('Link', links.join(', '));
    res.setHeader('X-Total-Count', String(all.length));
    res.json(page);
  });

  app.post('/todos', async (req, res) => {
    const fields = validate(await jsonBody(req, 'application/json'));
    do counter++;
    while (store.has(String(counter)));
    const todo: Todo = { id: String(counter), ...fields };
    store.set(todo.id, todo);
    res.setHeader('Location', `/todos/${todo.id}`);
    represent(res, todo, 201);
  });

  app.get('/todos/:id', (req, res) => {
    needJson(req);
    const todo = find(req);
    const ifNoneMatch = req.header('if-none-match');
    if (ifNoneMatch !== undefined && weakMatch(ifNoneMatch, etagOf(todo))) {
      res.setHeader('ETag', etagOf(todo));
      res.empty(304);
      return;
    }
    represent(res, todo);
  });

  app.put('/todos/:id', async (req, res) => {
    const id = req.params.id ?? '';
    if (!ID.test(id)) throw new HttpError(404, 'ERR_HTTP_NOT_FOUND');
    const existing = store.get(id);
    precondition(req, existing, true);
    const fields = validate(await jsonBody(req, 'application/json'));
    const todo: Todo = { id, ...fields };
    store.set(id, todo);
    if (existing === undefined) res.setHeader('Location', `/todos/${id}`);
    represent(res, todo, existing === undefined ? 201 : 200);
  });

  app.patch('/todos/:id', async (req, res) => {
    const existing = find(req);
    precondition(req, existing, true);
    const patch = await jsonBody(req, MERGE_PATCH);
    const { id: _id, ...current } = existing;
    const fields = validate(mergePatch(current, patch));
    const todo: Todo = { id: existing.id, ...fields };
    store.set(todo.id, todo);
    represent(res, todo);
  });

  app.delete('/todos/:id', (req, res) => {
    const existing = find(req);
    precondition(req, existing, false);
    store.delete(existing.id);
    res.empty(204);
  });

  return app;
}
