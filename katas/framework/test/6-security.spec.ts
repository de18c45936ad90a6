import { codeOf, expectErrorCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  createApp,
  csrf,
  csrfToken,
  FrameworkError,
  HttpError,
  sessions,
  type WebApp,
} from '../src/index.ts';
import { CookieError, MemoryStore, SessionManager } from '../src/prereqs.ts';
import { createTodoApi } from '../src/todos.ts';
import { type Answer, probe, useApp } from './helpers.ts';

const start = useApp();
const inside = probe(start);
const SECRET = 'another-secret-of-at-least-thirty-two-chars';
const SITE = 'https://bank.example';
const cookieOf = (res: Answer): string | undefined =>
  res.headerList.find(([n]) => n === 'set-cookie')?.[1].split(';')[0];
const polluted = (): unknown => (({}) as Record<string, unknown>).polluted;

function bank(): WebApp {
  const manager = new SessionManager({ store: new MemoryStore(), secrets: [SECRET] });
  return createApp()
    .use(sessions(manager), csrf({ origins: [SITE] }))
    .get('/form', (req, res) => res.json({ token: csrfToken(req) }))
    .post('/transfer', (_req, res) => res.json({ moved: true }))
    .get('/peek', (req, res) => res.json(req.session?.data ?? null))
    .post('/login', async (req, res) => {
      await req.regenerateSession();
      req.session!.data.user = 'victim';
      res.json({ ok: true });
    });
}

/** A session cookie and its CSRF token, as a page of the site would have them. */
async function visit(running: { get: (t: string, h?: Record<string, string>) => Promise<Answer> }) {
  const form = await running.get('/form');
  return { cookie: cookieOf(form)!, token: (form.json as { token: string }).token };
}

describe('6. Security', () => {
  describe('CSRF on cookie sessions (CWE-352)', () => {
    it('refuses an unsafe request with cookies from another origin with 403', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Origin: 'https://evil.example' },
      });
      expect(res.status, hint(6, 'Origin not allowed: 403')).toBe(403);
      expect(res.headers['content-type']).toBe('application/problem+json');
    });

    it('lets the same request through from the site’s own origin', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Origin: SITE },
      });
      expect(res.json, hint(6, 'an allowed Origin passes')).toEqual({ moved: true });
    });

    it('refuses Sec-Fetch-Site: cross-site', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' },
      });
      expect(res.status, hint(6, 'the browser says it is cross-site')).toBe(403);
    });

    it('refuses Origin: null (sandboxed frames, some redirects)', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Origin: 'null' },
      });
      expect(res.status, hint(6, '"null" is not an allowed origin')).toBe(403);
    });

    it('falls back to the Referer’s origin without Origin', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const evil = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Referer: 'https://evil.example/page' },
      });
      expect(evil.status, hint(6, 'Referer from elsewhere: 403')).toBe(403);
      const good = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Referer: `${SITE}/account` },
      });
      expect(good.status, hint(6, 'Referer from the site: allowed')).toBe(200);
    });

    it('refuses a request with neither Origin nor Referer nor token', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', { method: 'POST', headers: { Cookie: cookie } });
      expect(res.status, hint(6, 'no evidence of origin: need the token')).toBe(403);
    });

    it('accepts the session’s token without Origin, and refuses a wrong one', async () => {
      const running = await start(bank());
      const { cookie, token } = await visit(running);
      const good = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': token },
      });
      expect(good.status, hint(6, 'the synchronizer token pattern')).toBe(200);
      const bad = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': `${token.slice(1)}x` },
      });
      expect(bad.status, hint(6, 'a wrong token: 403')).toBe(403);
    });

    it('leaves safe methods and cookie-less requests alone', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const get = await running.get('/peek', { Cookie: cookie, Origin: 'https://evil.example' });
      expect(get.status, hint(6, 'GET is safe: not checked')).toBe(200);
      const bare = await running.call('/transfer', {
        method: 'POST',
        headers: { Origin: 'https://evil.example' },
      });
      expect(bare.status, hint(6, 'no cookie, no ambient authority')).toBe(200);
    });

    it('keeps SameSite on the session cookie', async () => {
      const res = await (await start(bank())).get('/form');
      const line = res.headerList.find(([n]) => n === 'set-cookie')?.[1] ?? '';
      expect(line, hint(6, 'the manager’s SameSite=Lax goes out unchanged')).toMatch(
        /SameSite=(Lax|Strict)/,
      );
    });

    it('refuses csrfToken without a session', async () => {
      const { error } = await inside((req) => csrfToken(req));
      expectErrorCode(
        error,
        FrameworkError,
        'ERR_FRAMEWORK_NO_SESSION',
        hint(6, 'needs sessions()'),
      );
    });
  });

  describe('session fixation (CWE-384)', () => {
    it('issues a new id at login: the cookie the attacker planted does not log them in', async () => {
      const running = await start(bank());
      const planted = (await visit(running)).cookie;
      const login = await running.call('/login', {
        method: 'POST',
        headers: { Cookie: planted, Origin: SITE },
      });
      const fresh = cookieOf(login);
      expect(fresh, hint(6, 'regenerateSession: a new id at privilege change')).toBeDefined();
      expect(fresh).not.toBe(planted);
      const attacker = await running.get('/peek', { Cookie: planted });
      expect(
        (attacker.json as Record<string, unknown>).user,
        hint(6, 'the old id is dead'),
      ).toBeUndefined();
      const victim = await running.get('/peek', { Cookie: fresh! });
      expect((victim.json as Record<string, unknown>).user).toBe('victim');
    });

    it('never adopts a session id the client made up', async () => {
      const res = await (await start(bank())).get('/form', { Cookie: 'sid=attacker-chosen-id' });
      expect(cookieOf(res), hint(6, 'an unknown id gets a new session')).not.toContain(
        'attacker-chosen-id',
      );
    });
  });

  describe('prototype pollution', () => {
    const post = (body: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });

    it('refuses a JSON body with a __proto__ key with 400 (CVE-2019-10744, lodash defaultsDeep)', async () => {
      const { error } = await inside((req) => req.json(), post('{"__proto__":{"polluted":true}}'));
      const e = expectErrorCode(
        error,
        HttpError,
        'ERR_HTTP_FORBIDDEN_KEY',
        hint(6, '__proto__ is refused'),
      );
      expect(e.status).toBe(400);
      expect(polluted()).toBeUndefined();
    });

    it('refuses a nested constructor key (constructor.prototype)', async () => {
      const { error } = await inside(
        (req) => req.json(),
        post('{"a":[{"constructor":{"prototype":{"polluted":true}}}]}'),
      );
      expectErrorCode(error, HttpError, 'ERR_HTTP_FORBIDDEN_KEY', hint(6, 'at any depth'));
    });

    it('accepts the words as values', async () => {
      const { value } = await inside(
        (req) => req.json(),
        post('{"title":"__proto__","x":["constructor"]}'),
      );
      expect(value, hint(6, 'only keys are dangerous')).toEqual({
        title: '__proto__',
        x: ['constructor'],
      });
    });

    it('keeps a merge-patch with __proto__ away from the to-do (400, nothing changed)', async () => {
      const running = await start(createTodoApi());
      await running.send('POST', '/todos', { title: 'a' });
      const res = await running.call('/todos/1', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': '*' },
        body: '{"__proto__":{"done":true,"polluted":1}}',
      });
      expect(res.status, hint(6, 'req.json() refuses before the merge')).toBe(400);
      expect((await running.get('/todos/1')).json).toEqual({ id: '1', title: 'a', done: false });
      expect(polluted()).toBeUndefined();
    });

    it('reads __proto__ and constructor as plain query names (CVE-2022-24999, qs)', async () => {
      const { value, answer } = await inside(
        (req) => [
          req.query.get('__proto__'),
          req.query.getAll('constructor[prototype][polluted]'),
          req.query.keys(),
        ],
        { target: '/probe?__proto__=x&constructor[prototype][polluted]=1&__proto__[length]=9' },
      );
      expect(answer.status, hint(6, 'no crash')).toBe(200);
      expect(value, hint(6, 'a Map of names, no nesting')).toEqual([
        'x',
        ['1'],
        ['__proto__', 'constructor[prototype][polluted]', '__proto__[length]'],
      ]);
      expect(polluted()).toBeUndefined();
    });

    it('reads __proto__ as a plain form field', async () => {
      const { value } = await inside(async (req) => (await req.form()).fields.getAll('__proto__'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '__proto__=a&__proto__=b',
      });
      expect(value, hint(6, 'form fields too')).toEqual(['a', 'b']);
    });

    it('answers 413 to a 2 MiB JSON body on the API (default limit 1 MiB)', async () => {
      const running = await start(createTodoApi());
      const res = await running.send('POST', '/todos', { title: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.status, hint(6, 'a body limit stops memory exhaustion')).toBe(413);
    });
  });

  describe('open redirects (CVE-2024-29041, Express)', () => {
    const refused = [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'http://evil.example',
      'HTTPS://EVIL.EXAMPLE',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'evil.example',
      ' //evil.example',
      '\t//evil.example',
      '/\t/evil.example',
      'https://allowed.example@evil.example/',
      'https:evil.example',
    ];
    it.each(refused)('refuses redirect(%j) with ERR_FRAMEWORK_OPEN_REDIRECT', async (target) => {
      const app = createApp({ redirectOrigins: ['https://allowed.example'] });
      let error: unknown;
      app.get('/go', (_req, res) => {
        try {
          res.redirect(target);
        } catch (e) {
          error = e;
          res.text('refused', 400);
        }
      });
      const res = await (await start(app)).get('/go');
      expectErrorCode(
        error,
        FrameworkError,
        'ERR_FRAMEWORK_OPEN_REDIRECT',
        hint(6, 'only /paths and allowed origins'),
      );
      expect(res.headers.location).toBeUndefined();
    });

    it('allows paths of the site and the allow-listed origin', async () => {
      for (const target of ['/home', '/a/b?c=d#e', 'https://allowed.example/callback']) {
        const app = createApp({ redirectOrigins: ['https://allowed.example'] }).get(
          '/go',
          (_req, res) => res.redirect(target),
        );
        const res = await (await start(app)).get('/go');
        expect(res.headers.location, hint(6, `${target} is safe`)).toBe(target);
      }
    });

    it('answers 500 without a Location when a handler lets the error go', async () => {
      const app = createApp().get('/go', (req, res) => res.redirect(req.query.get('next') ?? '/'));
      const res = await (await start(app)).get('/go?next=%2F%2Fevil.example');
      expect(res.status, hint(6, 'the FrameworkError is a bug: 500')).toBe(500);
      expect(res.headers.location).toBeUndefined();
    });
  });

  describe('header injection (response splitting)', () => {
    const values = [
      'a\r\nSet-Cookie: admin=1',
      'a\nX: 1',
      'a\rb',
      'a\0b',
      '\u010d\u010aSet-Cookie: x=1',
    ];
    it.each(values)(
      'refuses setHeader value %j with ERR_FRAMEWORK_HEADER_VALUE (CVE-2016-2216)',
      async (v) => {
        const { error, answer } = await inside((_req, res) => res.setHeader('X-Echo', v));
        expectErrorCode(
          error,
          FrameworkError,
          'ERR_FRAMEWORK_HEADER_VALUE',
          hint(6, 'CR, LF, NUL, > U+00FF'),
        );
        expect(answer.headers['set-cookie'], hint(6, 'nothing injected')).toBeUndefined();
        expect(answer.headers['x-echo']).toBeUndefined();
      },
    );

    it('refuses the same values through appendHeader', async () => {
      const { error } = await inside((_req, res) => res.appendHeader('X-Echo', 'a\r\nb: c'));
      expectErrorCode(error, FrameworkError, 'ERR_FRAMEWORK_HEADER_VALUE', hint(6, 'every way in'));
    });

    it('refuses a field name that is not a token', async () => {
      for (const name of ['X Bad', 'X:Bad', 'X\r\nBad', '']) {
        const { error } = await inside((_req, res) => res.setHeader(name, 'v'));
        expectErrorCode(
          error,
          FrameworkError,
          'ERR_FRAMEWORK_HEADER_NAME',
          hint(6, `name ${JSON.stringify(name)}`),
        );
      }
    });

    it('refuses a name or a value that is not a string (from JavaScript callers)', async () => {
      const name = await inside((_req, res) => res.setHeader(undefined as unknown as string, 'v'));
      expectErrorCode(name.error, FrameworkError, 'ERR_FRAMEWORK_HEADER_NAME', hint(6, 'a string'));
      const value = await inside((_req, res) => res.appendHeader('X-N', 1 as unknown as string));
      expectErrorCode(
        value.error,
        FrameworkError,
        'ERR_FRAMEWORK_HEADER_VALUE',
        hint(6, 'a string'),
      );
    });

    it('keeps HTAB and latin-1 text in values', async () => {
      const { answer } = await inside((_req, res) => {
        res.setHeader('X-Ok', 'a\tb café');
        res.text('x');
      });
      expect(answer.headers['x-ok'], hint(6, 'HTAB and obs-text are allowed')).toBe('a\tb café');
    });

    it('refuses CR LF in a redirect target', async () => {
      const { error } = await inside((_req, res) => res.redirect('/a\r\nSet-Cookie: admin=1'));
      expect(
        codeOf(() => {
          throw error;
        }, FrameworkError),
        hint(6, 'redirect() checks too'),
      ).toMatch(/^ERR_FRAMEWORK_(OPEN_REDIRECT|HEADER_VALUE)$/);
    });

    it('refuses a cookie path that smuggles attributes (CVE-2024-47764, cookie)', async () => {
      const { error } = await inside((_req, res) =>
        res.setCookie('a', 'b', { path: '/; Domain=evil.example' }),
      );
      expectErrorCode(
        error,
        CookieError,
        'ERR_COOKIE_INVALID_PATH',
        hint(6, 'the serializer validates'),
      );
    });
  });

  describe('CSRF: the edges of the checks', () => {
    it('refuses Sec-Fetch-Site: same-site (a sibling subdomain is another origin)', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-site', Origin: SITE },
      });
      expect(res.status, hint(6, 'only same-origin and none pass Sec-Fetch-Site')).toBe(403);
    });

    it('lets Sec-Fetch-Site: same-origin and none through with the site’s Origin', async () => {
      const running = await start(bank());
      const { cookie } = await visit(running);
      for (const site of ['same-origin', 'none']) {
        const res = await running.call('/transfer', {
          method: 'POST',
          headers: { Cookie: cookie, 'Sec-Fetch-Site': site, Origin: SITE },
        });
        expect(res.status, hint(6, `Sec-Fetch-Site: ${site} is not cross-site`)).toBe(200);
      }
    });

    it('refuses a Referer that is not a URL', async () => {
      const running = await start(bank());
      const { cookie, token } = await visit(running);
      const res = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, Referer: 'not a url', 'X-CSRF-Token': token },
      });
      expect(res.status, hint(6, 'an unreadable Referer is no allowed origin')).toBe(403);
    });

    it('refuses a token of another length', async () => {
      const running = await start(bank());
      const { cookie, token } = await visit(running);
      for (const sent of [`${token}x`, token.slice(1), '']) {
        const res = await running.call('/transfer', {
          method: 'POST',
          headers: { Cookie: cookie, 'X-CSRF-Token': sent },
        });
        expect(res.status, hint(6, 'compare the whole token')).toBe(403);
      }
    });

    it('refuses a token when the session has none yet', async () => {
      const running = await start(bank());
      const fresh = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: 'sid=made.up', 'X-CSRF-Token': 'undefined' },
      });
      expect(fresh.status, hint(6, 'no token in the session: nothing matches')).toBe(403);
    });

    it('reads the token from the field named by the header option', async () => {
      const manager = new SessionManager({ store: new MemoryStore(), secrets: [SECRET] });
      const app = createApp()
        .use(sessions(manager), csrf({ origins: [SITE], header: 'X-XSRF-Token' }))
        .get('/form', (req, res) => res.json({ token: csrfToken(req) }))
        .post('/transfer', (_req, res) => res.json({ moved: true }));
      const running = await start(app);
      const { cookie, token } = await visit(running);
      const custom = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-XSRF-Token': token },
      });
      expect(custom.status, hint(6, 'csrf({ header })')).toBe(200);
      const usual = await running.call('/transfer', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': token },
      });
      expect(usual.status, hint(6, 'only the configured field counts')).toBe(403);
    });

    it('hands out the same token for the whole session', async () => {
      const running = await start(bank());
      const { cookie, token } = await visit(running);
      const again = await running.get('/form', { Cookie: cookie });
      expect((again.json as { token: string }).token, hint(6, 'one token per session')).toBe(token);
      expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    });

    it('refuses with 403 a cookie POST without Origin or token when no session is loaded', async () => {
      const app = createApp()
        .use(csrf({ origins: [SITE] }))
        .post('/x', (_req, res) => res.text('ok'));
      const res = await (await start(app)).call('/x', {
        method: 'POST',
        headers: { Cookie: 'sid=x', 'X-CSRF-Token': 'anything' },
      });
      expect(res.status, hint(6, 'no session, no token to compare: 403, not a crash')).toBe(403);
    });

    it('leaves HEAD, OPTIONS and TRACE alone (safe methods, RFC 9110 §9.2.1)', async () => {
      const manager = new SessionManager({ store: new MemoryStore(), secrets: [SECRET] });
      const app = createApp()
        .use(csrf({ origins: [SITE] }))
        .use(sessions(manager))
        .on(['GET', 'OPTIONS', 'TRACE'], '/x', (_req, res) => res.text('ok'));
      const running = await start(app);
      for (const method of ['HEAD', 'OPTIONS', 'TRACE']) {
        const res = await running.call('/x', {
          method,
          headers: { Cookie: 'sid=x', Origin: 'https://evil.example' },
        });
        expect(res.status, hint(6, `${method} is safe: not checked`)).toBe(200);
      }
    });
  });

  describe('open redirects: the edges', () => {
    const attempt = async (target: string, origins = ['https://allowed.example']) => {
      const app = createApp({ redirectOrigins: origins });
      let error: unknown;
      app.get('/go', (_req, res) => {
        try {
          res.redirect(target);
        } catch (e) {
          error = e;
          res.text('refused', 400);
        }
      });
      const answer = await (await start(app)).get('/go');
      return { error, answer };
    };

    it.each(['https://user@allowed.example/', 'https://:secret@allowed.example/'])(
      'refuses redirect(%j): user info, even on an allowed origin',
      async (target) => {
        const { error, answer } = await attempt(target);
        expectErrorCode(
          error,
          FrameworkError,
          'ERR_FRAMEWORK_OPEN_REDIRECT',
          hint(6, 'no user info'),
        );
        expect(answer.headers.location).toBeUndefined();
      },
    );

    it('allows an allow-listed http origin as well as https', async () => {
      const { error, answer } = await attempt('http://plain.example/back', [
        'http://plain.example',
      ]);
      expect(error, hint(6, 'http: and https: are both redirect schemes')).toBeUndefined();
      expect(answer.headers.location).toBe('http://plain.example/back');
    });

    it('refuses a scheme other than http(s), even when its origin is listed', async () => {
      const { error } = await attempt('wss://allowed.example/socket', ['wss://allowed.example']);
      expectErrorCode(
        error,
        FrameworkError,
        'ERR_FRAMEWORK_OPEN_REDIRECT',
        hint(6, 'http(s) only'),
      );
    });

    it('allows a space or a backslash after the first two characters, percent-encoding the space', async () => {
      const { error, answer } = await attempt('/a b\\c');
      expect(error, hint(6, 'only the first two characters are checked for them')).toBeUndefined();
      expect(answer.status).toBe(302);
      expect(answer.headers.location).toBe('/a%20b\\c');
    });
  });
});
