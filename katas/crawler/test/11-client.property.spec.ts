import { hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from '../src/index.ts';
import { echo, type Site, startSite } from './site.ts';

let site: Site;
let agent: Agent | undefined;
beforeAll(async () => {
  site = await startSite(echo);
});
afterAll(async () => {
  try {
    agent?.close();
  } catch {
    // the stub
  }
  await site.close();
});

const segment = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    '-',
    '.',
    '_',
    '~',
    '%20',
    '%2F',
    '%E2%82%AC',
    '!',
    '$',
    "'",
    '(',
    '*',
    ',',
    ';',
    '=',
    ':',
    '@',
  ),
  maxLength: 6,
});
const fieldValue = fc
  .string({ unit: fc.constantFrom('a', ' ', '"', ',', ';', '=', '\t', '~', 'é'), maxLength: 12 })
  .map((s) => s.trim());
const body = fc.string({
  unit: fc.constantFrom('a', '\n', '\r', '\u0000', 'é', '😀', '&'),
  maxLength: 40,
});

describe('11. Properties', () => {
  it('the server receives the target, fields and body that were asked for', async () => {
    agent = new Agent();
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 4 }),
        fc.option(segment, { nil: undefined }),
        fieldValue,
        body,
        async (segs, query, value, text) => {
          const target = `/${segs.join('/')}${query === undefined ? '' : `?${query}`}`;
          const res = await request(site.url(target), {
            agent,
            method: 'POST',
            headers: { 'X-Value': value },
            body: text,
          });
          const e = JSON.parse(res.text()) as {
            target: string;
            headers: Record<string, string>;
            body: string;
          };
          expect(e.target, hint(1, 'the target goes on the wire as it is in the URL')).toBe(target);
          expect(e.headers['x-value']).toBe(value);
          expect(e.body).toBe(text);
        },
      ),
      fcParams(40),
    );
  });
});
