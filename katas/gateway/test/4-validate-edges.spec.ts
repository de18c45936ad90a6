import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  type App,
  type Environ,
  GatewayError,
  type Header,
  hello,
  type StartResponse,
  validate,
} from '../src/index.ts';
import { callApp, expectRule, fakeEnviron } from './helpers.ts';

const TEXT: Header[] = [['Content-Type', 'text/plain']];
const noop: StartResponse = () => () => {};
const H = (rule: string) => hint(4, rule);

const ok: App = (_e, s) => {
  s('200 OK', TEXT);
  return [];
};

describe('4. Validate', () => {
  describe('the server side: environ values a real server sends', () => {
    it.each([
      ['an https scheme', { 'gateway.url_scheme': 'https', SERVER_PORT: '443' }],
      ['a CONTENT_LENGTH of several digits', { CONTENT_LENGTH: '1024' }],
      ['a five-digit SERVER_PORT', { SERVER_PORT: '65535' }],
      ['HTTP/1.0', { SERVER_PROTOCOL: 'HTTP/1.0' }],
    ])('accepts %s', async (_name, overrides) => {
      const r = await callApp(validate(ok), fakeEnviron(overrides as Partial<Environ>));
      expect(r.status, H('a valid environ passes')).toBe('200 OK');
    });

    it.each([
      ['ERR_GATEWAY_ENVIRON_SERVER_PORT', { SERVER_PORT: 'x80' }, 'only digits, from the start'],
      ['ERR_GATEWAY_ENVIRON_SERVER_PORT', { SERVER_PORT: '80x' }, 'only digits, to the end'],
      [
        'ERR_GATEWAY_ENVIRON_PROTOCOL',
        { SERVER_PROTOCOL: 'xHTTP/1.1' },
        'HTTP/x.y and nothing before',
      ],
      [
        'ERR_GATEWAY_ENVIRON_PROTOCOL',
        { SERVER_PROTOCOL: 'HTTP/1.1x' },
        'HTTP/x.y and nothing after',
      ],
    ])('%s for %j', (code, overrides, rule) => {
      const environ = fakeEnviron(overrides as Partial<Environ>);
      expectRule(() => validate(ok)(environ, noop), GatewayError, code, H(rule));
    });
  });

  describe('the application side: the body', () => {
    it('ERR_GATEWAY_BODY_NOT_ITERABLE when the app returns null', () => {
      const app = ((_e: Environ, s: StartResponse) => {
        s('200 OK', TEXT);
        return null;
      }) as unknown as App;
      expectRule(
        () => validate(app)(fakeEnviron(), noop),
        GatewayError,
        'ERR_GATEWAY_BODY_NOT_ITERABLE',
        H('an iterable; null is none'),
      );
    });

    it('return() before any next() is fine: a server may close a body it never read', () => {
      const body = validate(hello)(fakeEnviron(), noop) as Iterable<Uint8Array>;
      const it = body[Symbol.iterator]();
      expect(it.return?.(), H('closing an unread body is { done: true }')).toEqual({
        done: true,
        value: undefined,
      });
    });
  });
});
