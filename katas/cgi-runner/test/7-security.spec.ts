import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { exchange } from '@hbu/kata-kit/socket-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { cgiEnvironment, isindexArgv, mapScript } from '../src/index.ts';
import { cgiRequest, envOf, esc, get, text, useCgiServer } from './support.ts';

const start = useCgiServer();
const tmp = mkdtempSync(join(tmpdir(), 'cgi-runner-7-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ON = { isindexArgv: true };

describe('7. Security', () => {
  describe('httpoxy (CVE-2016-5385)', () => {
    it('never sets HTTP_PROXY from a Proxy request header', () => {
      const env = cgiEnvironment(cgiRequest({ headers: [['Proxy', 'http://attacker.test:3128']] }));
      expect(
        env,
        hint(7, 'HTTP_PROXY is what HTTP clients read as their proxy'),
      ).not.toHaveProperty('HTTP_PROXY');
    });
    it('over HTTP: a script sees no HTTP_PROXY, whatever the case of the name', async () => {
      const server = await start();
      const env = envOf(
        await get(server, '/cgi-bin/env-json', [['pRoXy', 'http://attacker.test:3128']]),
      );
      expect(env).not.toHaveProperty('HTTP_PROXY');
      expect(Object.values(env)).not.toContain('http://attacker.test:3128');
    });
  });

  describe('credentials', () => {
    it('no HTTP_AUTHORIZATION unless passAuthorization', () => {
      const headers: Array<[string, string]> = [['Authorization', 'Basic YWRhOnNlY3JldA==']];
      expect(cgiEnvironment(cgiRequest({ headers }))).not.toHaveProperty('HTTP_AUTHORIZATION');
      expect(
        cgiEnvironment(cgiRequest({ headers }), { passAuthorization: true }).HTTP_AUTHORIZATION,
      ).toBe('Basic YWRhOnNlY3JldA==');
    });
    it('never HTTP_PROXY_AUTHORIZATION', () => {
      const env = cgiEnvironment(cgiRequest({ headers: [['Proxy-Authorization', 'Basic eA==']] }), {
        passAuthorization: true,
      });
      expect(env).not.toHaveProperty('HTTP_PROXY_AUTHORIZATION');
    });
    it('over HTTP: the Authorization field does not reach the script by default', async () => {
      const server = await start();
      const env = envOf(await get(server, '/cgi-bin/env-json', { Authorization: 'Bearer t0ken' }));
      expect(env).not.toHaveProperty('HTTP_AUTHORIZATION');
      expect(Object.values(env)).not.toContain('Bearer t0ken');
    });
  });

  describe('header names that could impersonate others', () => {
    it('drops a field whose name has "_": X_Forwarded_For cannot pose as X-Forwarded-For', () => {
      const env = cgiEnvironment(cgiRequest({ headers: [['X_Forwarded_For', '10.0.0.1']] }));
      expect(env, hint(7, 'only letters, digits and "-" map to HTTP_*')).not.toHaveProperty(
        'HTTP_X_FORWARDED_FOR',
      );
    });
    it('keeps the genuine X-Forwarded-For when both arrive', () => {
      const env = cgiEnvironment(
        cgiRequest({
          headers: [
            ['X-Forwarded-For', '203.0.113.9'],
            ['X_Forwarded_For', '10.0.0.1'],
          ],
        }),
      );
      expect(env.HTTP_X_FORWARDED_FOR).toBe('203.0.113.9');
    });
  });

  describe('shellshock (CVE-2014-6271)', () => {
    it('a function definition in a header reaches a /bin/sh script as inert data', async () => {
      const server = await start();
      const payload = '() { :; }; echo pwned';
      const res = await get(server, '/cgi-bin/shellshock.sh', { 'X-Payload': payload });
      expect(res.status, hint(7, 'header values are data in the environment, never code')).toBe(
        200,
      );
      expect(
        text(res),
        hint(7, 'spawn the script itself: no shell parses the environment first'),
      ).toBe(`value=${payload}\nparent=${process.pid}\n`);
    });
  });

  describe('isindex argv (RFC 3875 §4.4; PHP-CGI CVE-2012-1823, CVE-2024-4577)', () => {
    it('is off by default: a query never becomes argv', () => {
      expect(isindexArgv('-s', 'GET')).toEqual([]);
      expect(isindexArgv('word', 'GET')).toEqual([]);
    });
    it('over HTTP: ?-s reaches the script as QUERY_STRING only', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/env-json?-s+-dallow_url_include%3d1');
      const body = JSON.parse(text(res)) as { argv: string[]; env: Record<string, string> };
      expect(
        body.argv,
        hint(7, 'CVE-2012-1823: php-cgi read ?-s as a command-line option'),
      ).toEqual([]);
      expect(body.env.QUERY_STRING).toBe('-s+-dallow_url_include%3d1');
    });
    it('when configured: splits on "+" and decodes each word', () => {
      expect(isindexArgv('hello+big%20world', 'GET', ON)).toEqual(['hello', 'big world']);
    });
    it('when configured: no argv for a query with "=" or for POST', () => {
      expect(isindexArgv('a=b', 'GET', ON)).toEqual([]);
      expect(isindexArgv('word', 'POST', ON)).toEqual([]);
    });
    it('when configured: HEAD gets the same argv as GET (§4.4)', () => {
      expect(
        isindexArgv('word', 'HEAD', ON),
        hint(7, 'GET and HEAD carry an isindex query'),
      ).toEqual(['word']);
    });
    it('when configured: no argv for an empty word or a word that is not percent-encoding', () => {
      expect(isindexArgv('a++b', 'GET', ON), hint(7, 'search-word = 1*schar')).toEqual([]);
      expect(isindexArgv('a+%zz', 'GET', ON), hint(7, 'a bad escape is not a word')).toEqual([]);
    });
    it('when configured: no argv at all if a word starts with "-", encoded or not', () => {
      expect(isindexArgv('-s', 'GET', ON)).toEqual([]);
      expect(isindexArgv('ok+-d', 'GET', ON)).toEqual([]);
      expect(isindexArgv('%2Ds', 'GET', ON), hint(7, 'decode first, then check')).toEqual([]);
    });
    it('when configured: no argv for a soft hyphen %AD (CVE-2024-4577) or other non-ASCII', () => {
      expect(isindexArgv('%ADs', 'GET', ON)).toEqual([]);
      expect(isindexArgv('%C2%ADd', 'GET', ON)).toEqual([]);
    });
    it('when configured, over HTTP: the words are the argv', async () => {
      const server = await start(ON);
      const body = JSON.parse(text(await get(server, '/cgi-bin/env-json?one+two'))) as {
        argv: string[];
      };
      expect(body.argv).toEqual(['one', 'two']);
    });
  });

  describe('escaping the cgi-bin directory (Apache CVE-2021-41773, CVE-2021-42013)', () => {
    const attacks = [
      '/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh',
      '/cgi-bin/%2e%2e/%2e%2e/%2e%2e/bin/sh',
      '/cgi-bin/.%%32%65/.%%32%65/bin/sh',
      '/cgi-bin/..%2f..%2f..%2fbin%2fsh',
      '/cgi-bin/..%5c..%5cbin%5csh',
      '/cgi-bin/hello.sh%00.txt',
      '/cgi-bin/../www/page.txt',
      '/cgi-bin/%2e/hello.sh',
    ];
    for (const path of attacks) {
      it(`refuses ${path} with 400 and runs nothing`, async () => {
        const server = await start();
        const raw = await exchange(
          server.port,
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\nConnection: close\r\n\r\necho; id\n`,
          8_000,
        );
        expect(
          raw.toString('latin1').slice(0, 12),
          hint(7, 'split on "/" first, decode each segment, refuse . .. / \\ NUL'),
        ).toBe('HTTP/1.1 400');
      });
    }
    it('a %2F never splits the script name from PATH_INFO', async () => {
      expect(
        await mapScript(
          realpathSync(join(import.meta.dirname, 'fixtures/cgi-bin')),
          '/cgi-bin',
          '/cgi-bin/sub%2Finner.sh',
        ),
      ).toEqual({
        status: 400,
      });
    });
    it('a symlink to a file outside the directory is not a script', async () => {
      const dir = join(tmp, 'bin');
      const outside = join(tmp, 'outside.sh');
      writeFileSync(outside, "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nescaped\\n'\n", {
        mode: 0o755,
      });
      rmSync(dir, { recursive: true, force: true });
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dir);
      symlinkSync(outside, join(dir, 'link.sh'));
      expect(
        await mapScript(realpathSync(dir), '/cgi-bin', '/cgi-bin/link.sh'),
        hint(7, 'compare real paths'),
      ).toEqual({
        status: 404,
      });
    });
  });

  describe('responses that could attack the client', () => {
    it('no Content-Type is not defaulted to text/html (Go CVE-2020-24553)', async () => {
      const server = await start();
      const html = '<script>alert(document.cookie)</script>';
      const res = await get(server, '/cgi-bin/respond.sh', {
        'X-Response': esc(`Status: 200 OK\n\n${html}`),
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type'], hint(7, 'never guess a Content-Type')).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
    it('a script header with a bare CR cannot inject a field (response splitting): 502', async () => {
      const server = await start();
      const res = await get(server, '/cgi-bin/respond.sh', {
        'X-Response': esc('Content-Type: text/plain\nX-A: a\rSet-Cookie: session=evil\n\n'),
      });
      expect(res.status).toBe(502);
      expect(res.headers['set-cookie']).toBeUndefined();
    });
    it('a script cannot take over the connection with Connection or Upgrade: 502', async () => {
      const server = await start();
      for (const field of ['Connection: Upgrade\nUpgrade: websocket', 'Connection: close']) {
        const res = await get(server, '/cgi-bin/respond.sh', {
          'X-Response': esc(`Content-Type: text/plain\n${field}\n\n`),
        });
        expect(res.status).toBe(502);
      }
    });
    it("the server's own environment never reaches a script", async () => {
      process.env.HBU_DATABASE_PASSWORD = 'correct horse';
      try {
        const server = await start();
        const env = envOf(await get(server, '/cgi-bin/env-json'));
        expect(env).not.toHaveProperty('HBU_DATABASE_PASSWORD');
      } finally {
        delete process.env.HBU_DATABASE_PASSWORD;
      }
    });
  });
});
