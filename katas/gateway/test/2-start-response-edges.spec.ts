import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import type { App, Header } from '../src/index.ts';
import { codeOf, enc, useGateway } from './helpers.ts';

const start = useGateway();
const TEXT: Header[] = [['Content-Type', 'text/plain']];

/** An app that calls startResponse(status, headers) as given, then answers "x". */
const starting =
  (status: unknown, headers: unknown): App =>
  (_e, startResponse) => {
    (startResponse as (s: unknown, h: unknown) => unknown)(status, headers);
    return [enc('x')];
  };

describe('2. The server', () => {
  describe('startResponse: what the status and field names must be', () => {
    it.each([
      ['ERR_GATEWAY_STATUS_FORMAT', 'HTTP 200 OK', TEXT, 'the three digits start the status'],
      ['ERR_GATEWAY_STATUS_FORMAT', 'OK 200 Fine', TEXT, 'the three digits start the status'],
      ['ERR_GATEWAY_HEADER_NOT_STRING', '200 OK', [...TEXT, [42, 'x']], 'a field name is a string'],
    ])('refuses %s (%j, %j): 500', async (code, status, headers, rule) => {
      const server = await start(starting(status, headers));
      const res = await server.get('/');
      expect(res.status, hint(2, rule)).toBe(500);
      expect(server.errors.map(codeOf)).toEqual([code]);
    });
  });
});
