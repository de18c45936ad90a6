import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type App, failing, greetForm, type Header, ticker } from '../src/index.ts';
import { callApp, enc, fakeEnviron, headerOf } from './helpers.ts';

/** The fields an app gave startResponse, once its body has run (to its end or to its error). */
async function fieldsOf(app: App): Promise<Header[]> {
  let fields: Header[] = [];
  const body = app(fakeEnviron(), (_status, headers) => {
    fields = headers;
    return () => {};
  });
  try {
    for await (const _chunk of body as AsyncIterable<Uint8Array>) {
      // run the body: an app may call startResponse just before its first chunk
    }
  } catch {
    // failing() throws from its body by design
  }
  return fields;
}

describe('1. Applications', () => {
  describe('greetForm', () => {
    it('POST without a name field: a greeting with an empty name', async () => {
      const r = await callApp(
        greetForm,
        fakeEnviron(
          {
            REQUEST_METHOD: 'POST',
            CONTENT_TYPE: 'application/x-www-form-urlencoded',
            CONTENT_LENGTH: '7',
          },
          enc('other=1'),
        ),
      );
      expect(r.status).toBe('200 OK');
      expect(r.body.toString(), hint(1, 'no "name" in the form is the empty name')).toBe(
        '<p>Hello, !</p>\n',
      );
    });

    it('other methods: the 405 is plain text that says what went wrong', async () => {
      const r = await callApp(greetForm, fakeEnviron({ REQUEST_METHOD: 'DELETE' }));
      expect(r.status).toMatch(/^405 /);
      expect(headerOf(r.headers, 'content-type'), hint(1, 'a body has a Content-Type')).toMatch(
        /^text\/plain\b/,
      );
      expect(r.body.length, hint(1, 'a 405 says so in its body')).toBeGreaterThan(0);
    });
  });

  describe('the streaming apps say what they send', () => {
    it.each([
      ['ticker', () => ticker(1, 1)],
      ['failing("before")', () => failing('before')],
      ['failing("after")', () => failing('after')],
    ])('%s: Content-Type text/plain', async (_name, make) => {
      expect(
        headerOf(await fieldsOf(make()), 'content-type'),
        hint(1, 'text/plain, like hello'),
      ).toMatch(/^text\/plain\b/);
    });
  });
});
