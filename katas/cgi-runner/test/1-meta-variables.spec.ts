import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { cgiEnvironment } from '../src/index.ts';
import { cgiRequest } from './support.ts';

/** The 17 names of RFC 3875 §4.1. */
const RFC_NAMES = [
  'AUTH_TYPE',
  'CONTENT_LENGTH',
  'CONTENT_TYPE',
  'GATEWAY_INTERFACE',
  'PATH_INFO',
  'PATH_TRANSLATED',
  'QUERY_STRING',
  'REMOTE_ADDR',
  'REMOTE_HOST',
  'REMOTE_IDENT',
  'REMOTE_USER',
  'REQUEST_METHOD',
  'SCRIPT_NAME',
  'SERVER_NAME',
  'SERVER_PORT',
  'SERVER_PROTOCOL',
  'SERVER_SOFTWARE',
];

const env = (over: Parameters<typeof cgiRequest>[0] = {}, options = {}) =>
  cgiEnvironment(cgiRequest(over), options);

describe('1. Meta-variables', () => {
  describe('for a plain GET with no body, no path info and no query', () => {
    const e = () => env();

    it('sets exactly the variables that are defined for it (RFC 3875 §4.1)', () => {
      const defined = Object.keys(e())
        .filter((k) => RFC_NAMES.includes(k))
        .sort();
      expect(
        defined,
        hint(1, 'only set a variable when the RFC defines it for this request'),
      ).toEqual([
        'GATEWAY_INTERFACE',
        'QUERY_STRING',
        'REMOTE_ADDR',
        'REMOTE_HOST',
        'REQUEST_METHOD',
        'SCRIPT_NAME',
        'SERVER_NAME',
        'SERVER_PORT',
        'SERVER_PROTOCOL',
        'SERVER_SOFTWARE',
      ]);
    });
    it('GATEWAY_INTERFACE is "CGI/1.1" (§4.1.4)', () => {
      expect(e().GATEWAY_INTERFACE).toBe('CGI/1.1');
    });
    it('QUERY_STRING is set to "" when there is no query (§4.1.7: MUST be defined)', () => {
      expect(e().QUERY_STRING, hint(1, 'QUERY_STRING is always set')).toBe('');
    });
    it('REQUEST_METHOD is the method (§4.1.12)', () => {
      expect(e().REQUEST_METHOD).toBe('GET');
    });
    it('SCRIPT_NAME is the script path (§4.1.13)', () => {
      expect(e().SCRIPT_NAME).toBe('/cgi-bin/env-json');
    });
    it('SERVER_NAME is the requested host (§4.1.14)', () => {
      expect(e().SERVER_NAME).toBe('example.test');
    });
    it('SERVER_PORT is the port as a decimal string (§4.1.15)', () => {
      expect(e().SERVER_PORT).toBe('8080');
    });
    it('SERVER_PROTOCOL is the request version (§4.1.16)', () => {
      expect(e().SERVER_PROTOCOL).toBe('HTTP/1.1');
      expect(env({ protocol: 'HTTP/1.0' }).SERVER_PROTOCOL).toBe('HTTP/1.0');
    });
    it('SERVER_SOFTWARE defaults to "hbu-cgi-runner/1.0" and follows serverSoftware (§4.1.17)', () => {
      expect(e().SERVER_SOFTWARE).toBe('hbu-cgi-runner/1.0');
      expect(env({}, { serverSoftware: 'kata/2' }).SERVER_SOFTWARE).toBe('kata/2');
    });
    it('REMOTE_ADDR is the client address (§4.1.8)', () => {
      expect(e().REMOTE_ADDR).toBe('192.0.2.7');
    });
    it('REMOTE_HOST falls back to the address: no DNS lookup (§4.1.9)', () => {
      expect(e().REMOTE_HOST, hint(1, 'the server MAY substitute REMOTE_ADDR')).toBe('192.0.2.7');
    });
    it('never sets REMOTE_IDENT (§4.1.10: no ident lookups)', () => {
      expect(e()).not.toHaveProperty('REMOTE_IDENT');
    });
    it('does not set CONTENT_LENGTH without a body (§4.1.2: "if and only if")', () => {
      expect(e(), hint(1, 'CONTENT_LENGTH only when the request has a body')).not.toHaveProperty(
        'CONTENT_LENGTH',
      );
    });
    it('does not set CONTENT_TYPE without a Content-Type field (§4.1.3: no default)', () => {
      expect(e()).not.toHaveProperty('CONTENT_TYPE');
    });
    it('does not set PATH_INFO or PATH_TRANSLATED when the path ends at the script', () => {
      expect(e()).not.toHaveProperty('PATH_INFO');
      expect(env({}, { documentRoot: '/srv/www' })).not.toHaveProperty('PATH_TRANSLATED');
    });
    it('does not set AUTH_TYPE or REMOTE_USER for an unauthenticated request', () => {
      expect(e()).not.toHaveProperty('AUTH_TYPE');
      expect(e()).not.toHaveProperty('REMOTE_USER');
    });
  });

  describe('with a body', () => {
    it('CONTENT_LENGTH is the body length in bytes', () => {
      expect(env({ body: Buffer.from('héllo') }).CONTENT_LENGTH).toBe('6');
    });
    it('CONTENT_LENGTH is "0" for an empty body that was sent (Content-Length: 0)', () => {
      expect(env({ body: new Uint8Array(0) }).CONTENT_LENGTH).toBe('0');
    });
    it('CONTENT_TYPE is the Content-Type field, unchanged', () => {
      const e = env({
        body: Buffer.from('a=1'),
        headers: [['Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8']],
      });
      expect(e.CONTENT_TYPE).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    });
    it('CONTENT_TYPE is set from the field even with no body (§4.1.3)', () => {
      expect(env({ headers: [['content-type', 'text/plain']] }).CONTENT_TYPE).toBe('text/plain');
    });
  });

  describe('PATH_INFO and PATH_TRANSLATED (§4.1.5, §4.1.6)', () => {
    it('PATH_INFO is the decoded rest of the path', () => {
      expect(env({ pathInfo: '/a b/c' }).PATH_INFO).toBe('/a b/c');
    });
    it('keeps a trailing slash in PATH_INFO', () => {
      expect(env({ pathInfo: '/dir/' }).PATH_INFO).toBe('/dir/');
    });
    it('PATH_TRANSLATED maps PATH_INFO into documentRoot', () => {
      expect(env({ pathInfo: '/x/y.txt' }, { documentRoot: '/srv/www' }).PATH_TRANSLATED).toBe(
        '/srv/www/x/y.txt',
      );
    });
    it('no PATH_TRANSLATED without a documentRoot', () => {
      expect(env({ pathInfo: '/x' })).not.toHaveProperty('PATH_TRANSLATED');
    });
  });

  describe('QUERY_STRING (§4.1.7)', () => {
    it('is the query exactly as received, still percent-encoded', () => {
      expect(env({ queryString: 'a=%20b&c=d+e' }).QUERY_STRING).toBe('a=%20b&c=d+e');
    });
  });

  describe('AUTH_TYPE and REMOTE_USER (§4.1.1, §4.1.11)', () => {
    it('are set when the server authenticated the request', () => {
      const e = env({ auth: { type: 'Basic', user: 'ada' } });
      expect(e.AUTH_TYPE).toBe('Basic');
      expect(e.REMOTE_USER).toBe('ada');
    });
  });

  describe('HTTP_* variables (§4.1.18)', () => {
    it('maps a field to HTTP_ + upper case, "-" → "_"', () => {
      expect(env({ headers: [['X-Request-Id', 'abc']] }).HTTP_X_REQUEST_ID).toBe('abc');
    });
    it('maps Host to HTTP_HOST and User-Agent to HTTP_USER_AGENT', () => {
      const e = env({
        headers: [
          ['Host', 'h.test'],
          ['User-Agent', 'curl/8'],
        ],
      });
      expect(e.HTTP_HOST).toBe('h.test');
      expect(e.HTTP_USER_AGENT).toBe('curl/8');
    });
    it('treats field names case-insensitively', () => {
      expect(env({ headers: [['aCCePT', 'text/html']] }).HTTP_ACCEPT).toBe('text/html');
    });
    it('joins repeated fields with ", " in order (RFC 9110 §5.3)', () => {
      const e = env({
        headers: [
          ['Accept', 'text/html'],
          ['accept', 'application/json'],
        ],
      });
      expect(e.HTTP_ACCEPT, hint(1, 'repeated fields become one comma-separated value')).toBe(
        'text/html, application/json',
      );
    });
    it('joins repeated Cookie fields with "; " (RFC 6265 §5.4)', () => {
      const e = env({
        headers: [
          ['Cookie', 'a=1'],
          ['Cookie', 'b=2'],
        ],
      });
      expect(e.HTTP_COOKIE, hint(1, 'cookies are joined with "; "')).toBe('a=1; b=2');
    });
    it('keeps an empty field value as an empty variable', () => {
      expect(env({ headers: [['X-Empty', '']] }).HTTP_X_EMPTY).toBe('');
    });
    it('never sets HTTP_CONTENT_TYPE or HTTP_CONTENT_LENGTH (they are CONTENT_*)', () => {
      const e = env({
        body: Buffer.from('x'),
        headers: [
          ['Content-Type', 'text/plain'],
          ['Content-Length', '1'],
        ],
      });
      expect(e).not.toHaveProperty('HTTP_CONTENT_TYPE');
      expect(e).not.toHaveProperty('HTTP_CONTENT_LENGTH');
    });
    it('never sets HTTP_TRANSFER_ENCODING: the body on stdin is already de-chunked', () => {
      expect(
        env({ body: Buffer.from('x'), headers: [['Transfer-Encoding', 'chunked']] }),
      ).not.toHaveProperty('HTTP_TRANSFER_ENCODING');
    });
  });

  describe('the rest of the environment', () => {
    it("passes nothing of the server's own environment", () => {
      process.env.HBU_SERVER_SECRET = 'hunter2';
      try {
        const e = env();
        expect(
          e,
          hint(1, 'build the environment from scratch, never from process.env'),
        ).not.toHaveProperty('HBU_SERVER_SECRET');
        expect(Object.values(e)).not.toContain('hunter2');
      } finally {
        delete process.env.HBU_SERVER_SECRET;
      }
    });
    it('adds PATH=/usr/local/bin:/usr/bin:/bin by default', () => {
      expect(env().PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    });
    it('adds the variables of options.env instead of the default', () => {
      const e = env({}, { env: { PATH: '/opt/bin', TZ: 'UTC' } });
      expect(e.PATH).toBe('/opt/bin');
      expect(e.TZ).toBe('UTC');
    });
    it('returns only string values', () => {
      for (const value of Object.values(env({ body: Buffer.from('abc'), serverPort: 81 })))
        expect(typeof value).toBe('string');
    });
  });
});
