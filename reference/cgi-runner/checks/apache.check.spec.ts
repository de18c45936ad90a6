/**
 * Differential check: the reference cgi-runner and Apache httpd 2.4's mod_cgi run the same
 * scripts for the same requests. Same status, same RFC 3875 MUST meta-variables, same body —
 * and every deliberate difference is asserted as such, with the reason.
 */
import { request, type WireResponse } from '@hbu/kata-kit/socket-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Host, makeSandbox, type Sandbox, startApache, startReference } from './cgi-hosts.ts';

let sandbox: Sandbox;
let ours: Host;
let apache: Host;

beforeAll(async () => {
  sandbox = makeSandbox();
  ours = await startReference(sandbox);
  apache = await startApache(sandbox);
});
afterAll(async () => {
  await ours?.stop();
  await apache?.stop();
  sandbox?.remove();
});

type Req = Parameters<typeof request>[1];
async function both(req: Req): Promise<[WireResponse, WireResponse]> {
  const opts = { timeoutMs: 10_000 };
  return [await request(ours.port, req, opts), await request(apache.port, req, opts)];
}
const envOf = (res: WireResponse): Record<string, string> =>
  (JSON.parse(res.body.toString()) as { env: Record<string, string> }).env;

/** The meta-variables whose values must agree (SERVER_PORT is each host's own port). */
const MUST = [
  'GATEWAY_INTERFACE',
  'REQUEST_METHOD',
  'SCRIPT_NAME',
  'PATH_INFO',
  'PATH_TRANSLATED',
  'QUERY_STRING',
  'CONTENT_LENGTH',
  'CONTENT_TYPE',
  'REMOTE_ADDR',
  'SERVER_NAME',
  'SERVER_PROTOCOL',
  'AUTH_TYPE',
  'REMOTE_USER',
];
const pick = (env: Record<string, string>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => k in env).map((k) => [k, env[k]]));
const httpVars = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('HTTP_')));

describe('cgi-runner against Apache httpd mod_cgi', () => {
  const cases: Array<[string, Req]> = [
    ['a plain GET', { target: '/cgi-bin/env-json' }],
    ['PATH_INFO and a query', { target: '/cgi-bin/env-json/a%20b/c/?x=%41&y' }],
    [
      'a POST with a body and Content-Type',
      {
        method: 'POST',
        target: '/cgi-bin/env-json',
        headers: { 'Content-Type': 'text/plain' },
        body: 'hello',
      },
    ],
    ['an HTTP/1.0 HEAD-less GET', { target: '/cgi-bin/env-json', version: 'HTTP/1.0' }],
    [
      'request fields',
      {
        target: '/cgi-bin/env-json',
        headers: [
          ['X-Probe', 'one'],
          ['Accept', 'a/b'],
          ['Accept', 'c/d'],
          ['User-Agent', 'check/1'],
        ],
      },
    ],
    ['a Python script', { target: '/cgi-bin/env.py/p?q=1' }],
  ];
  for (const [name, req] of cases) {
    it(`${name}: same status and the same RFC meta-variables`, async () => {
      const [a, b] = await both(req);
      expect(a.status).toBe(b.status);
      expect(pick(envOf(a), MUST)).toEqual(pick(envOf(b), MUST));
      expect(envOf(a).SERVER_PORT).toBe(String(ours.port));
      expect(envOf(b).SERVER_PORT).toBe(String(apache.port));
    });
  }

  it('request fields: the same HTTP_* variables, repeated fields joined the same way', async () => {
    const [a, b] = await both({
      target: '/cgi-bin/env-json',
      headers: [
        ['Host', 'check.test'],
        ['X-Probe', 'one'],
        ['Accept', 'a/b'],
        ['Accept', 'c/d'],
        ['X-Empty', ''],
      ],
    });
    expect(httpVars(envOf(a))).toEqual(httpVars(envOf(b)));
  });

  it('httpoxy, Authorization and underscore names: neither host passes them', async () => {
    const [a, b] = await both({
      target: '/cgi-bin/env-json',
      headers: [
        ['Proxy', 'http://evil.test:3128'],
        ['Authorization', 'Basic eDp5'],
        ['X_Under', '1'],
      ],
    });
    for (const env of [envOf(a), envOf(b)]) {
      expect(env).not.toHaveProperty('HTTP_PROXY');
      expect(env).not.toHaveProperty('HTTP_AUTHORIZATION');
      expect(env).not.toHaveProperty('HTTP_X_UNDER');
    }
  });

  it('the body reaches a shell script byte for byte on both', async () => {
    const body = 'line one\nline two\n'.repeat(500);
    const [a, b] = await both({ method: 'POST', target: '/cgi-bin/echo-body.sh', body });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.toString()).toBe(body);
    expect(b.body.toString()).toBe(body);
  });

  it('a Perl script: Status with a reason, CRLF head, body on stdin', async () => {
    const [a, b] = await both({
      method: 'POST',
      target: '/cgi-bin/env.pl/x',
      headers: { 'X-Probe': 'perl' },
      body: 'a=1',
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.reason).toBe(b.reason);
    expect(a.body.toString()).toBe(b.body.toString());
  });

  it('a Python WSGI application through wsgiref CGIHandler: GET, POST, 404 and redirect', async () => {
    for (const req of [
      { target: '/cgi-bin/wsgi-app.py/hello?name=ada', headers: { 'X-Probe': 'wsgi' } },
      {
        method: 'POST',
        target: '/cgi-bin/wsgi-app.py/form',
        body: 'a=1&b=2',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      { target: '/cgi-bin/wsgi-app.py/missing' },
      { target: '/cgi-bin/wsgi-app.py/go' },
    ] as Req[]) {
      const [a, b] = await both(req);
      expect(a.status, req.target).toBe(b.status);
      expect(a.body.toString(), req.target).toBe(b.body.toString());
      expect(a.headers['content-type']).toBe(b.headers['content-type']);
      expect(a.headers.location).toBe(b.headers.location);
    }
  });

  it('same status and body for documents, Status, client and local redirects', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    for (const response of [
      'Content-Type: text/plain\n\nplain',
      'Status: 404 Not Here\nContent-Type: text/plain\n\ngone',
      'Status: 301 Moved\nLocation: http://example.test/\nContent-Type: text/html\n\n<a>moved</a>',
      'Location: /page.txt\n\n',
      'Location: /cgi-bin/hello.sh\n\n',
    ]) {
      const [a, b] = await both({
        target: '/cgi-bin/respond.js',
        headers: { 'X-Response': b64(response) },
      });
      expect(a.status, response).toBe(b.status);
      expect(a.body.toString(), response).toBe(b.body.toString());
      expect(a.headers.location, response).toBe(b.headers.location);
    }
  });

  it('NPH: both pass the bytes through', async () => {
    const [a, b] = await both({ target: '/cgi-bin/nph-raw.sh' });
    expect(a.status).toBe(299);
    expect(b.status).toBe(299);
    expect(a.body.toString()).toBe(b.body.toString());
  });

  describe('deliberate differences', () => {
    it('a client redirect without a document: same 302 and Location; Apache writes an HTML body, ours none', async () => {
      const response = Buffer.from('Location: http://example.test/next\n\n').toString('base64');
      const [a, b] = await both({
        target: '/cgi-bin/respond.js',
        headers: { 'X-Response': response },
      });
      expect(a.status).toBe(302);
      expect(b.status).toBe(302);
      expect(a.headers.location).toBe(b.headers.location);
      expect(a.body.length).toBe(0);
      expect(b.body.toString()).toContain('302 Found');
    });
    it('repeated Cookie fields: ours joined with "; " (RFC 6265 §5.4), Apache with ", "', async () => {
      const [a, b] = await both({
        target: '/cgi-bin/env-json',
        headers: [
          ['Cookie', 'a=1'],
          ['Cookie', 'b=2'],
        ],
      });
      expect(envOf(a).HTTP_COOKIE).toBe('a=1; b=2');
      expect(envOf(b).HTTP_COOKIE).toBe('a=1, b=2');
    });
    it('a missing Content-Type: ours sends none (+ nosniff); Apache takes the type of the script file (mod_mime: .js)', async () => {
      const response = Buffer.from('Status: 200 OK\n\n<b>hi</b>').toString('base64');
      const [a, b] = await both({
        target: '/cgi-bin/respond.js',
        headers: { 'X-Response': response },
      });
      expect(a.headers['content-type']).toBeUndefined();
      expect(b.headers['content-type']).toBe('text/javascript');
      expect(a.headers['x-content-type-options']).toBe('nosniff');
      expect(a.body.toString()).toBe(b.body.toString());
    });
    it('an encoded traversal: both refuse it and run nothing', async () => {
      const [a, b] = await both({ target: '/cgi-bin/.%2e/.%2e/.%2e/bin/sh' });
      expect(a.status).toBe(400);
      expect([400, 403, 404]).toContain(b.status);
    });
    it('REMOTE_HOST: ours is the address (RFC 3875 §4.1.9 MAY); Apache leaves it unset without HostnameLookups', async () => {
      const [a, b] = await both({ target: '/cgi-bin/env-json' });
      expect(envOf(a).REMOTE_HOST).toBe('127.0.0.1');
      expect(envOf(b)).not.toHaveProperty('REMOTE_HOST');
    });
    it('extra variables: Apache adds DOCUMENT_ROOT, SCRIPT_FILENAME, REQUEST_URI…; ours only the RFC set', async () => {
      const [a, b] = await both({ target: '/cgi-bin/env-json' });
      for (const extra of [
        'DOCUMENT_ROOT',
        'SCRIPT_FILENAME',
        'REQUEST_URI',
        'SERVER_ADDR',
        'REMOTE_PORT',
      ]) {
        expect(envOf(b)).toHaveProperty(extra);
        expect(envOf(a)).not.toHaveProperty(extra);
      }
    });
    it('a malformed head: ours 502 Bad Gateway, Apache 500', async () => {
      const [a, b] = await both({ target: '/cgi-bin/malformed.sh' });
      expect(a.status).toBe(502);
      expect(b.status).toBe(500);
    });
    it('a script that dies before its head: ours 502, Apache 500', async () => {
      const [a, b] = await both({ target: '/cgi-bin/crash.sh' });
      expect(a.status).toBe(502);
      expect(b.status).toBe(500);
    });
  });
});
