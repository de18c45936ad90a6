/**
 * The differential, model-based property of README §7: a generated sequence of API calls
 * (fast-check `fc.commands`) runs against your to-do API on your whole stack and against the
 * same API written with Hono on @hono/node-server (test/peers/hono-todos.ts); every answer must
 * agree on the status, the fields that matter and the JSON body, and both must agree with a
 * model of the store.
 */
import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import { listen } from '@hbu/kata-kit/socket-harness';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from '../src/prereqs.ts';
import { createTodoApi } from '../src/todos.ts';
import { type Answer, type Call, callPort, fieldsOf, links, useApp } from './helpers.ts';
import { honoTodos, serveHono } from './peers/hono-todos.ts';

useApp();

interface Model {
  todos: Map<string, { title: string; done: boolean }>;
}

/** One side of the comparison: a port and the ETags that side has handed out. */
interface Side {
  port: number;
  current: Map<string, string>;
  stale: Map<string, string>;
}

interface Real {
  mine: Side;
  peer: Side;
}

type Pre = 'none' | 'current' | 'stale' | 'star' | 'create-only';

function preconditionFields(side: Side, id: string, pre: Pre): Record<string, string> {
  switch (pre) {
    case 'current':
      return { 'If-Match': side.current.get(id) ?? '"never-seen"' };
    case 'stale':
      return { 'If-Match': side.stale.get(id) ?? '"never-seen"' };
    case 'star':
      return { 'If-Match': '*' };
    case 'create-only':
      return { 'If-None-Match': '*' };
    default:
      return {};
  }
}

/** What must be equal on both sides: status, the fields that matter, the body. */
function comparable(res: Answer): unknown {
  const isProblem = res.headers['content-type'] === 'application/problem+json';
  const l = links(res.headers.link);
  const params = (target: string | undefined) =>
    target === undefined ? undefined : Object.fromEntries(new URL(target, 'http://x').searchParams);
  return {
    status: res.status,
    type: res.headers['content-type']?.split(';')[0],
    location: res.headers.location,
    etag: res.headers.etag === undefined ? 'none' : 'some',
    total: res.headers['x-total-count'],
    next: params(l.next),
    prev: params(l.prev),
    acceptPatch: res.headers['accept-patch'],
    body: isProblem
      ? {
          type: (res.json as { type?: unknown }).type,
          status: (res.json as { status?: unknown }).status,
          title: (res.json as { title?: unknown }).title,
          fields: fieldsOf(res.json),
        }
      : res.json,
  };
}

/** Runs one call on both sides, keeps each side's ETags, and returns both answers. */
async function both(
  real: Real,
  target: string,
  call: (side: Side) => Call,
  id?: string,
): Promise<[Answer, Answer]> {
  const answers: Answer[] = [];
  for (const side of [real.mine, real.peer]) {
    const res = await callPort(side.port, target, call(side));
    const key = id ?? res.headers.location?.split('/').pop();
    if (key !== undefined && res.status < 300 && res.headers.etag !== undefined) {
      const old = side.current.get(key);
      if (old !== undefined && old !== res.headers.etag) side.stale.set(key, old);
      side.current.set(key, res.headers.etag);
    }
    answers.push(res);
  }
  const [mine, peer] = answers as [Answer, Answer];
  expect(
    comparable(mine),
    hint(5, `${call(real.mine).method ?? 'GET'} ${target}: your API and the Hono one disagree`),
  ).toEqual(comparable(peer));
  return [mine, peer];
}

const json =
  (method: string, body: unknown, type = 'application/json') =>
  (extra: Record<string, string>) => ({
    method,
    headers: { 'Content-Type': type, ...extra },
    body: JSON.stringify(body),
  });

const ids = fc.constantFrom('1', '2', '3', 'a');
const goodTitle = fc.oneof(
  fc.constantFrom('tea', 'milk', 'x'.repeat(200)),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const badTitle = fc.constantFrom('', '  ', 'x'.repeat(201));
/** Mostly valid bodies (so the store fills up), sometimes one broken field or an extra one. */
const fields = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ title: goodTitle, done: fc.boolean() }, { requiredKeys: ['title'] }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        title: fc.oneof(goodTitle, badTitle),
        done: fc.constantFrom<unknown>(true, 'yes', null),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    ),
  },
);
/** Merge patches: a member changed, removed (null), or an invalid value. */
const patchOf = fc.record(
  {
    title: fc.oneof(goodTitle, badTitle, fc.constant(null)),
    done: fc.constantFrom<unknown>(true, false, null, 'no'),
  },
  { requiredKeys: [] },
);
const pre = fc.constantFrom<Pre>('current', 'current', 'none', 'stale', 'star', 'create-only');

const valid = (b: Record<string, unknown>): boolean =>
  Object.keys(b).every((k) => k === 'title' || k === 'done') &&
  typeof b.title === 'string' &&
  b.title.trim() !== '' &&
  b.title.length <= 200 &&
  (!('done' in b) || typeof b.done === 'boolean');

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly body: Record<string, unknown>) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [mine] = await both(real, '/todos', () => json('POST', this.body)({}));
    if (valid(this.body)) {
      const id = mine.headers.location?.split('/').pop() ?? '';
      model.todos.set(id, { title: this.body.title as string, done: this.body.done === true });
      expect(mine.status, hint(5, 'a valid POST is 201')).toBe(201);
    } else {
      expect(mine.status, hint(5, 'an invalid POST is 422')).toBe(422);
    }
  }
  toString = () => `POST /todos ${JSON.stringify(this.body)}`;
}

class Put implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly id: string,
    readonly body: Record<string, unknown>,
    readonly pre: Pre,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [mine] = await both(
      real,
      `/todos/${this.id}`,
      (side) => json('PUT', this.body)(preconditionFields(side, this.id, this.pre)),
      this.id,
    );
    if (mine.status === 200 || mine.status === 201) {
      expect(mine.status, hint(5, '201 when new, 200 when replaced')).toBe(
        model.todos.has(this.id) ? 200 : 201,
      );
      model.todos.set(this.id, { title: this.body.title as string, done: this.body.done === true });
    }
  }
  toString = () => `PUT /todos/${this.id} ${JSON.stringify(this.body)} (${this.pre})`;
}

class Patch implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly id: string,
    readonly patch: Record<string, unknown>,
    readonly pre: Pre,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [mine] = await both(
      real,
      `/todos/${this.id}`,
      (side) =>
        json(
          'PATCH',
          this.patch,
          'application/merge-patch+json',
        )(preconditionFields(side, this.id, this.pre)),
      this.id,
    );
    if (!model.todos.has(this.id)) expect(mine.status, hint(5, 'PATCH of nothing: 404')).toBe(404);
    if (mine.status === 200) {
      const { id: _id, ...rest } = mine.json as { id: string; title: string; done: boolean };
      model.todos.set(this.id, rest);
    }
  }
  toString = () => `PATCH /todos/${this.id} ${JSON.stringify(this.patch)} (${this.pre})`;
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly id: string,
    readonly pre: Pre,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [mine] = await both(
      real,
      `/todos/${this.id}`,
      (side) => ({
        method: 'DELETE',
        headers: this.pre === 'stale' ? preconditionFields(side, this.id, 'stale') : {},
      }),
      this.id,
    );
    if (!model.todos.has(this.id)) expect(mine.status, hint(5, 'DELETE of nothing: 404')).toBe(404);
    if (mine.status === 204) model.todos.delete(this.id);
  }
  toString = () => `DELETE /todos/${this.id} (${this.pre})`;
}

class Get implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly id: string,
    readonly accept: string | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const [mine] = await both(
      real,
      `/todos/${this.id}`,
      (): Call => ({ headers: this.accept === undefined ? {} : { Accept: this.accept } }),
      this.id,
    );
    const todo = model.todos.get(this.id);
    if (mine.status === 200) {
      expect(mine.json, hint(5, 'GET shows what the model holds')).toEqual({
        id: this.id,
        ...todo,
      });
    }
  }
  toString = () => `GET /todos/${this.id} (Accept ${this.accept})`;
}

class List implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly done: string | undefined,
    readonly limit: number,
    readonly offset: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const q = `${this.done === undefined ? '' : `done=${this.done}&`}limit=${this.limit}&offset=${this.offset}`;
    const [mine] = await both(real, `/todos?${q}`, () => ({}));
    if (mine.status === 200) {
      const all = [...model.todos.values()].filter(
        (t) => this.done === undefined || String(t.done) === this.done,
      );
      expect(
        mine.headers['x-total-count'],
        hint(5, 'X-Total-Count counts the filtered store'),
      ).toBe(String(all.length));
    }
  }
  toString = () => `GET /todos?done=${this.done}&limit=${this.limit}&offset=${this.offset}`;
}

const commands = fc.commands(
  [
    // Creating twice as often as anything else fills the store the other calls work on.
    fields.map((b) => new Create(b)),
    fields.map((b) => new Create(b)),
    fc.tuple(ids, fields, pre).map(([id, b, p]) => new Put(id, b, p)),
    fc.tuple(ids, patchOf, pre).map(([id, b, p]) => new Patch(id, b, p)),
    fc.tuple(ids, fc.constantFrom<Pre>('none', 'stale')).map(([id, p]) => new Delete(id, p)),
    fc
      .tuple(
        ids,
        fc.constantFrom(undefined, 'application/json', 'text/html', '*/*', 'application/json;q=0'),
      )
      .map(([id, a]) => new Get(id, a)),
    fc
      .tuple(
        fc.constantFrom(undefined, 'true', 'false', 'maybe'),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
      )
      .map(([d, l, o]) => new List(d, l, o)),
  ],
  { maxCommands: 25, size: 'large' },
);

const peers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(peers.map((close) => close()));
});

describe('7. Properties', () => {
  it('answers every generated sequence of calls as the Hono API does, and as the model says (fc.commands)', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const mine = await listen(() => serve(createTodoApi().gateway));
        const hono = await serveHono(honoTodos());
        peers.push(hono.close);
        try {
          await fc.asyncModelRun(
            () => ({
              model: { todos: new Map() },
              real: {
                mine: { port: mine.port, current: new Map(), stale: new Map() },
                peer: { port: hono.port, current: new Map(), stale: new Map() },
              },
            }),
            cmds,
          );
        } finally {
          await mine.close();
          await hono.close();
        }
      }),
      fcParams(30),
    );
  }, 90_000);
});
