import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type App, type Environ, GatewayError, mount, validate } from '../src/index.ts';
import { callApp, enc, expectRule, fakeEnviron, useGateway } from './helpers.ts';

const start = useGateway();

/** An app that answers "<label> <SCRIPT_NAME>|<PATH_INFO>". */
const named =
  (label: string): App =>
  (environ, startResponse) => {
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    return [enc(`${label} ${environ.SCRIPT_NAME}|${environ.PATH_INFO}`)];
  };
const at = async (app: App, path: string, script = '') =>
  (await callApp(app, fakeEnviron({ PATH_INFO: path, SCRIPT_NAME: script }))).body.toString();

describe('5. Middleware', () => {
  describe('mount: SCRIPT_NAME / PATH_INFO shifting (PEP 3333 "URL Reconstruction")', () => {
    // Built inside each test: mount() of a stub throws, and a throw while collecting hides every spec.
    const site: App = (e, s) =>
      mount({ '/api': named('api'), '/api/v2': named('v2'), '/': named('root') })(e, s);

    it.each([
      ['/api/users/7', 'api /api|/users/7'],
      ['/api', 'api /api|'],
      ['/api/', 'api /api|/'],
      ['/api/v2/x', 'v2 /api/v2|/x'],
      ['/api/v2', 'v2 /api/v2|'],
      ['/api/v20', 'api /api|/v20'],
      ['/apiary', 'root |/apiary'],
      ['/', 'root |/'],
      ['/other/a', 'root |/other/a'],
    ])('%s → %s', async (path, expected) => {
      expect(await at(site, path), hint(5, 'longest prefix, whole segments only')).toBe(expected);
    });

    it('appends to an existing SCRIPT_NAME (mounts nest)', async () => {
      const inner = mount({ '/b': named('b') });
      const outer = mount({ '/a': inner });
      expect(await at(outer, '/a/b/c')).toBe('b /a/b|/c');
      expect(await at(inner, '/b/x', '/pre')).toBe('b /pre/b|/x');
    });

    it('answers 404 when nothing matches (no "/" mount), a response that keeps every rule', async () => {
      const app = validate(mount({ '/api': named('api') }));
      const r = await callApp(app, fakeEnviron({ PATH_INFO: '/web' }));
      expect(r.status, hint(5, 'no mount point matches: 404')).toMatch(/^404 /);
      expect(r.body.length, hint(5, 'a 404 says so in its body')).toBeGreaterThan(0);
    });

    it("does not change the caller's environ", async () => {
      const environ: Environ = fakeEnviron({ PATH_INFO: '/api/x' });
      await callApp(site, environ);
      expect([environ.SCRIPT_NAME, environ.PATH_INFO]).toEqual(['', '/api/x']);
    });

    it.each(['api', '/api/', '//', ''])('refuses the mount point %j at once', (prefix) => {
      expectRule(
        () => mount({ [prefix]: named('x') }),
        GatewayError,
        'ERR_GATEWAY_INVALID_MOUNT',
        hint(5, "'/' or '/seg' without a trailing slash"),
      );
    });

    it('works behind the server, with percent-decoded paths', async () => {
      const server = await start(mount({ '/café': named('cafe'), '/': named('root') }));
      const res = await server.get('/caf%C3%A9/menu%20du%20jour');
      expect(res.body.toString()).toBe('cafe /café|/menu du jour');
    });
  });
});
