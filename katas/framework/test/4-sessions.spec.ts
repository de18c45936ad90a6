import { expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { cors, createApp, FrameworkError, sessions, type WebApp } from '../src/index.ts';
import { MemoryStore, SessionManager } from '../src/prereqs.ts';
import { type Answer, probe, useApp } from './helpers.ts';

const start = useApp();
const inside = probe(start);
const SECRET = 'a-secret-of-at-least-thirty-two-characters!';

/** The `name=value` of the first Set-Cookie of an answer (what a browser sends back). */
const cookieOf = (res: Answer): string | undefined =>
  res.headerList.find(([n]) => n === 'set-cookie')?.[1].split(';')[0];

function sessionApp(): WebApp {
  const manager = new SessionManager({ store: new MemoryStore(), secrets: [SECRET] });
  return createApp()
    .use(sessions(manager))
    .get('/count', (req, res) => {
      const session = req.session!;
      session.data.count = ((session.data.count as number | undefined) ?? 0) + 1;
      res.json(session.data.count);
    })
    .get('/peek', (req, res) => res.json(req.session?.data ?? null))
    .post('/login', async (req, res) => {
      await req.regenerateSession();
      req.session!.data.user = 'ada';
      res.json(req.session!.data);
    })
    .post('/logout', async (req, res) => {
      await req.destroySession();
      res.empty();
    })
    .get('/boom', (req) => {
      req.session!.data.count = 99;
      throw new Error('boom');
    });
}

describe('4. Sessions and CORS', () => {
  describe('sessions', () => {
    it('sets a session cookie when a handler writes to a new session', async () => {
      const res = await (await start(sessionApp())).get('/count');
      expect(res.json).toBe(1);
      expect(cookieOf(res), hint(4, 'commit after next(): Set-Cookie')).toMatch(/^sid=./);
    });

    it('loads the session the cookie points at', async () => {
      const running = await start(sessionApp());
      const first = await running.get('/count');
      const second = await running.get('/count', { Cookie: cookieOf(first)! });
      expect(second.json, hint(4, 'manager.load(req Cookie) before next()')).toBe(2);
    });

    it('leaves req.session undefined without the middleware', async () => {
      const { value } = await inside((req) => req.session);
      expect(value, hint(4, 'only sessions() sets it')).toBeUndefined();
    });

    it('refuses regenerateSession and destroySession without the middleware', async () => {
      const a = await inside((req) => req.regenerateSession());
      expectErrorCode(
        a.error,
        FrameworkError,
        'ERR_FRAMEWORK_NO_SESSION',
        hint(4, 'no sessions()'),
      );
      const b = await inside((req) => req.destroySession());
      expectErrorCode(
        b.error,
        FrameworkError,
        'ERR_FRAMEWORK_NO_SESSION',
        hint(4, 'no sessions()'),
      );
    });

    it('does not commit a session when the handler throws', async () => {
      const running = await start(sessionApp());
      const first = await running.get('/count');
      const cookie = cookieOf(first)!;
      const boom = await running.get('/boom', { Cookie: cookie });
      expect(boom.status).toBe(500);
      expect(cookieOf(boom), hint(4, 'a failed request commits nothing')).toBeUndefined();
      const after = await running.get('/peek', { Cookie: cookie });
      expect(after.json, hint(4, 'the data before the failure stays')).toEqual({ count: 1 });
    });

    it('clears the cookie and forgets the data on destroySession', async () => {
      const running = await start(sessionApp());
      const cookie = cookieOf(await running.get('/count'))!;
      const out = await running.call('/logout', { method: 'POST', headers: { Cookie: cookie } });
      const cleared = out.headerList.find(([n]) => n === 'set-cookie')?.[1] ?? '';
      expect(cleared, hint(4, 'the commit after destroy clears the cookie')).toMatch(
        /Max-Age=0|Expires=Thu, 01 Jan 1970/,
      );
      const after = await running.get('/peek', { Cookie: cookie });
      expect(after.json, hint(4, 'the old id is gone from the store')).toEqual({});
    });

    it('keeps the data and changes the id on regenerateSession', async () => {
      const running = await start(sessionApp());
      const before = cookieOf(await running.get('/count'))!;
      const login = await running.call('/login', { method: 'POST', headers: { Cookie: before } });
      expect(login.json, hint(4, 'regenerate keeps the data')).toEqual({ count: 1, user: 'ada' });
      const after = cookieOf(login);
      expect(after, hint(4, 'a new cookie for the new id')).toBeDefined();
      expect(after).not.toBe(before);
    });
    it('commits the session regenerateSession returned, even when it is a new object', async () => {
      // A manager of the test's own whose regenerate hands out a NEW session object (the
      // interface allows it; the crutch does it): the framework must make it req.session.
      const committed: string[] = [];
      let next = 0;
      const fake = {
        load: async () => ({ id: 'old', data: {}, isNew: false, createdAt: 0 }),
        regenerate: async (s: { data: Record<string, unknown> }) => ({
          id: `new-${++next}`,
          data: { ...s.data },
          isNew: true,
          createdAt: 0,
        }),
        destroy: async () => undefined,
        commit: async (s: { id: string }) => {
          committed.push(s.id);
          return `sid=${s.id}`;
        },
      } as unknown as SessionManager;
      const app = createApp()
        .use(sessions(fake))
        .post('/login', async (req, res) => {
          const fresh = await req.regenerateSession();
          res.json([fresh === req.session, req.session?.id]);
        });
      const res = await (await start(app)).call('/login', { method: 'POST' });
      expect(res.json, hint(4, 'req.session = the session regenerate returned')).toEqual([
        true,
        'new-1',
      ]);
      expect(committed, hint(4, 'commit the new session, never the old one')).toEqual(['new-1']);
    });
  });

  describe('sessions: the session handed to the manager', () => {
    it('regenerates and destroys req.session as it is now, not the session first loaded', async () => {
      const calls: string[] = [];
      let n = 0;
      const fake = {
        load: async () => ({ id: 'old', data: {}, isNew: false, createdAt: 0 }),
        regenerate: async (s: { id: string; data: Record<string, unknown> }) => {
          calls.push(`regenerate ${s.id}`);
          return { id: `new-${++n}`, data: { ...s.data }, isNew: true, createdAt: 0 };
        },
        destroy: async (s: { id: string }) => {
          calls.push(`destroy ${s.id}`);
        },
        commit: async () => undefined,
      } as unknown as SessionManager;
      const app = createApp()
        .use(sessions(fake))
        .post('/twice', async (req, res) => {
          await req.regenerateSession();
          await req.regenerateSession();
          await req.destroySession();
          res.empty();
        });
      const res = await (await start(app)).call('/twice', { method: 'POST' });
      expect(res.status).toBe(204);
      expect(calls, hint(4, 'each call works on the current req.session')).toEqual([
        'regenerate old',
        'regenerate new-1',
        'destroy new-2',
      ]);
    });
  });

  describe('CORS', () => {
    const ORIGIN = 'https://app.example';
    const corsApp = (extra = {}) =>
      createApp()
        .use(cors({ origin: ORIGIN, ...extra }))
        .get('/data', (_req, res) => res.json([1]))
        .put('/data', (_req, res) => res.json([2]));

    it('allows the configured origin on a simple request', async () => {
      const res = await (await start(corsApp())).get('/data', { Origin: ORIGIN });
      expect(res.headers['access-control-allow-origin'], hint(4, 'echo the one origin')).toBe(
        ORIGIN,
      );
      expect(res.headers.vary, hint(4, 'the answer varies with Origin')).toContain('Origin');
    });

    it('exposes ETag, Location and Link to the page by default', async () => {
      const res = await (await start(corsApp())).get('/data', { Origin: ORIGIN });
      const exposed = (res.headers['access-control-expose-headers'] ?? '').toLowerCase();
      for (const name of ['etag', 'location', 'link']) {
        expect(exposed, hint(4, 'Access-Control-Expose-Headers')).toContain(name);
      }
    });

    it('sends no Access-Control-Allow-Origin to another origin, but still Vary', async () => {
      const res = await (await start(corsApp())).get('/data', { Origin: 'https://evil.example' });
      expect(res.status).toBe(200);
      expect(
        res.headers['access-control-allow-origin'],
        hint(4, 'one origin, exactly'),
      ).toBeUndefined();
      expect(res.headers.vary).toContain('Origin');
    });

    it('does not allow an origin that only starts like the configured one', async () => {
      const res = await (await start(corsApp())).get('/data', {
        Origin: 'https://app.example.evil.test',
      });
      expect(
        res.headers['access-control-allow-origin'],
        hint(4, 'compare whole origins'),
      ).toBeUndefined();
    });

    it('answers a preflight 204 with the allowed methods, fields and max age', async () => {
      const res = await (await start(corsApp())).call('/data', {
        method: 'OPTIONS',
        headers: {
          Origin: ORIGIN,
          'Access-Control-Request-Method': 'PUT',
          'Access-Control-Request-Headers': 'content-type, if-match',
        },
      });
      expect(res.status, hint(4, 'a preflight is answered by the middleware')).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-allow-methods'], hint(4, 'the methods option')).toContain(
        'PUT',
      );
      expect(res.headers['access-control-allow-methods']).toContain('PATCH');
      const fields = (res.headers['access-control-allow-headers'] ?? '').toLowerCase();
      expect(fields, hint(4, 'Content-Type and If-Match by default')).toContain('if-match');
      expect(fields).toContain('content-type');
      expect(res.headers['access-control-max-age'], hint(4, '600 s by default')).toBe('600');
    });

    it('answers a preflight for a path without an OPTIONS route, without running the route', async () => {
      const res = await (await start(corsApp())).call('/nowhere', {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
      });
      expect(res.status, hint(4, 'the middleware answers before routing')).toBe(204);
    });

    it('answers a preflight from another origin without any Access-Control-Allow-*', async () => {
      const res = await (await start(corsApp())).call('/data', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'PUT' },
      });
      expect(res.headers['access-control-allow-origin'], hint(4, 'no ACAO')).toBeUndefined();
      expect(res.headers['access-control-allow-methods'], hint(4, 'no ACAM')).toBeUndefined();
    });

    it('lets a plain OPTIONS (no Access-Control-Request-Method) reach the router', async () => {
      const res = await (await start(corsApp())).call('/data', {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN },
      });
      expect(res.headers.allow, hint(4, 'not a preflight: the router’s OPTIONS')).toBe(
        'GET, HEAD, OPTIONS, PUT',
      );
    });

    it('lets an OPTIONS with Access-Control-Request-Method but no Origin reach the router', async () => {
      const res = await (await start(corsApp())).call('/data', {
        method: 'OPTIONS',
        headers: { 'Access-Control-Request-Method': 'PUT' },
      });
      expect(res.headers.allow, hint(4, 'no Origin: not a preflight (Fetch, CORS protocol)')).toBe(
        'GET, HEAD, OPTIONS, PUT',
      );
    });

    it('sends Access-Control-Allow-Credentials only when asked', async () => {
      const without = await (await start(corsApp())).get('/data', { Origin: ORIGIN });
      expect(without.headers['access-control-allow-credentials']).toBeUndefined();
      const withCreds = await (await start(corsApp({ credentials: true }))).get('/data', {
        Origin: ORIGIN,
      });
      expect(
        withCreds.headers['access-control-allow-credentials'],
        hint(4, 'credentials: true'),
      ).toBe('true');
    });

    it('uses the methods and max age given', async () => {
      const res = await (await start(corsApp({ methods: ['GET'], maxAgeSeconds: 5 }))).call(
        '/data',
        {
          method: 'OPTIONS',
          headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
        },
      );
      expect(res.headers['access-control-allow-methods'], hint(4, 'options.methods')).toBe('GET');
      expect(res.headers['access-control-max-age']).toBe('5');
    });
  });

  describe('CORS: defaults and options', () => {
    const ORIGIN = 'https://app.example';
    const list = (value: string | undefined): string[] =>
      (value ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '')
        .sort();
    const preflight = async (options: Parameters<typeof cors>[0], origin = ORIGIN) => {
      const app = createApp()
        .use(cors(options))
        .get('/data', (_req, res) => res.json([1]));
      return (await start(app)).call('/data', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'DELETE' },
      });
    };

    it('allows GET, HEAD, POST, PUT, PATCH, DELETE and Content-Type, If-Match, If-None-Match by default', async () => {
      const res = await preflight({ origin: ORIGIN });
      expect(
        list(res.headers['access-control-allow-methods']),
        hint(4, 'the default methods'),
      ).toEqual(['delete', 'get', 'head', 'patch', 'post', 'put']);
      expect(
        list(res.headers['access-control-allow-headers']),
        hint(4, 'the default fields'),
      ).toEqual(['content-type', 'if-match', 'if-none-match']);
      expect(res.headers.vary, hint(4, 'a preflight varies with Origin too')).toContain('Origin');
    });

    it('uses the allowHeaders, exposeHeaders and credentials given', async () => {
      const res = await preflight({
        origin: ORIGIN,
        allowHeaders: ['X-Api-Key', 'Content-Type'],
        credentials: true,
      });
      expect(list(res.headers['access-control-allow-headers']), hint(4, 'allowHeaders')).toEqual([
        'content-type',
        'x-api-key',
      ]);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      const app = createApp()
        .use(cors({ origin: ORIGIN, exposeHeaders: ['X-Total-Count', 'ETag'] }))
        .get('/data', (_req, res) => res.json([1]));
      const simple = await (await start(app)).get('/data', { Origin: ORIGIN });
      expect(
        list(simple.headers['access-control-expose-headers']),
        hint(4, 'exposeHeaders'),
      ).toEqual(['etag', 'x-total-count']);
    });

    it('sends no Access-Control-Expose-Headers for an empty list, nor to another origin', async () => {
      const none = createApp()
        .use(cors({ origin: ORIGIN, exposeHeaders: [] }))
        .get('/data', (_req, res) => res.json([1]));
      const empty = await (await start(none)).get('/data', { Origin: ORIGIN });
      expect(empty.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(
        empty.headerList.some(([n]) => n === 'access-control-expose-headers'),
        hint(4, 'nothing to expose: no field'),
      ).toBe(false);
      const app = createApp()
        .use(cors({ origin: ORIGIN }))
        .get('/data', (_req, res) => res.json([1]));
      const other = await (await start(app)).get('/data', { Origin: 'https://evil.example' });
      expect(
        other.headers['access-control-expose-headers'],
        hint(4, 'only the allowed origin'),
      ).toBeUndefined();
    });

    it('sends no Access-Control-Allow-Methods or -Headers outside a preflight', async () => {
      const app = createApp()
        .use(cors({ origin: ORIGIN }))
        .get('/data', (_req, res) => res.json([1]));
      const res = await (await start(app)).get('/data', {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'GET',
      });
      expect(res.status).toBe(200);
      expect(
        res.headers['access-control-allow-methods'],
        hint(4, 'a GET is no preflight'),
      ).toBeUndefined();
      expect(res.headers['access-control-max-age']).toBeUndefined();
    });

    it('answers a preflight without credentials from another origin with no Allow-Credentials', async () => {
      const res = await preflight({ origin: ORIGIN, credentials: true }, 'https://evil.example');
      expect(res.status).toBe(204);
      expect(
        res.headers['access-control-allow-credentials'],
        hint(4, 'only the allowed origin'),
      ).toBeUndefined();
    });
  });
});
