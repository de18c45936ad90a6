import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type App, mount } from '../src/index.ts';
import { callApp, enc, fakeEnviron, headerOf } from './helpers.ts';

const api: App = (_e, startResponse) => {
  startResponse('200 OK', [['Content-Type', 'text/plain']]);
  return [enc('api')];
};

describe('5. Middleware', () => {
  describe('mount: the 404 when nothing matches', () => {
    it('is plain text', async () => {
      const r = await callApp(mount({ '/api': api }), fakeEnviron({ PATH_INFO: '/web' }));
      expect(r.status).toMatch(/^404 /);
      expect(headerOf(r.headers, 'content-type'), hint(5, 'a 404 body is text/plain')).toMatch(
        /^text\/plain\b/,
      );
    });
  });
});
