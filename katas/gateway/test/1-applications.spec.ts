import { hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it, vi } from 'vitest';
import { environEcho, failing, greetForm, hello, ticker } from '../src/index.ts';
import { callApp, enc, fakeEnviron, headerOf } from './helpers.ts';

const post = (body: string, method = 'POST') =>
  fakeEnviron(
    {
      REQUEST_METHOD: method,
      CONTENT_TYPE: 'application/x-www-form-urlencoded',
      CONTENT_LENGTH: String(enc(body).length),
    },
    enc(body),
  );

describe('1. Applications', () => {
  describe('hello', () => {
    it('answers 200 OK, text/plain; charset=utf-8, "Hello, world!\\n"', async () => {
      const r = await callApp(hello);
      expect(r.status).toBe('200 OK');
      expect(headerOf(r.headers, 'content-type')).toBe('text/plain; charset=utf-8');
      expect(r.body.toString()).toBe('Hello, world!\n');
    });

    it('returns an array of exactly one chunk, so a server knows the length up front', async () => {
      const r = await callApp(hello);
      expect(Array.isArray(r.returned), hint(1, 'return [bytes], not a generator')).toBe(true);
      expect((r.returned as unknown[]).length).toBe(1);
      expect((r.returned as unknown[])[0]).toBeInstanceOf(Uint8Array);
    });

    it('calls startResponse exactly once, before returning', () => {
      let starts = 0;
      hello(fakeEnviron(), () => {
        starts++;
        return () => {};
      });
      expect(starts).toBe(1);
    });
  });

  describe('environEcho', () => {
    it('answers the CGI keys (no dot, string values) as sorted JSON', async () => {
      const env = fakeEnviron({
        PATH_INFO: '/x',
        QUERY_STRING: 'a=1',
        HTTP_X_B: 'b',
        HTTP_X_A: 'a',
      });
      const r = await callApp(environEcho, env);
      expect(headerOf(r.headers, 'content-type')).toBe('application/json');
      const parsed = JSON.parse(r.body.toString()) as Record<string, string>;
      expect(parsed.PATH_INFO).toBe('/x');
      expect(parsed.HTTP_X_A).toBe('a');
      expect(Object.keys(parsed)).toEqual(Object.keys(parsed).sort());
      expect(r.body.toString().endsWith('}\n')).toBe(true);
    });

    it('leaves out gateway.* keys and values that are not strings', async () => {
      const r = await callApp(
        environEcho,
        fakeEnviron({ 'my.key': 'x', ODD: 3 as unknown as string }),
      );
      const parsed = JSON.parse(r.body.toString()) as Record<string, unknown>;
      expect(Object.keys(parsed).some((k) => k.includes('.'))).toBe(false);
      expect(parsed.ODD).toBeUndefined();
      expect(parsed.REQUEST_METHOD).toBe('GET');
    });
  });

  describe('greetForm', () => {
    it('GET: an HTML form with an input named "name"', async () => {
      const r = await callApp(greetForm);
      expect(r.status).toBe('200 OK');
      expect(headerOf(r.headers, 'content-type')).toBe('text/html; charset=utf-8');
      expect(r.body.toString()).toMatch(/<form[^>]*method="post"[\s\S]*name="name"/);
    });

    it('HEAD: the same status and fields as GET (the server drops the body)', async () => {
      const r = await callApp(greetForm, fakeEnviron({ REQUEST_METHOD: 'HEAD' }));
      expect(r.status, hint(1, 'HEAD is GET without the body bytes')).toBe('200 OK');
      expect(headerOf(r.headers, 'content-type')).toBe('text/html; charset=utf-8');
    });

    it('POST: greets the name read from the urlencoded body', async () => {
      const r = await callApp(greetForm, post('name=Ada+Lovelace&x=1'));
      expect(r.body.toString()).toBe('<p>Hello, Ada Lovelace!</p>\n');
    });

    it('POST: decodes UTF-8 percent-escapes', async () => {
      const r = await callApp(greetForm, post('name=Ren%C3%A9e'));
      expect(r.body.toString()).toBe('<p>Hello, Renée!</p>\n');
    });

    it('POST: escapes the name in HTML', async () => {
      const r = await callApp(greetForm, post(`name=${encodeURIComponent('<b>"&\'')}`));
      expect(
        r.body.toString(),
        hint(1, 'escape & < > " \' before putting a value in HTML'),
      ).not.toMatch(/<b>|"&'/);
      expect(r.body.toString()).toContain('&');
    });

    it('other methods: 405 with Allow', async () => {
      const r = await callApp(greetForm, post('', 'PUT'));
      expect(r.status).toMatch(/^405 /);
      expect(headerOf(r.headers, 'allow')).toBe('GET, HEAD, POST');
    });
  });

  describe('ticker', () => {
    it('yields `count` chunks "tick i\\n" in order', async () => {
      const r = await callApp(ticker(3, 1));
      expect(r.status).toBe('200 OK');
      expect(r.chunks.map((c) => Buffer.from(c).toString())).toEqual([
        'tick 0\n',
        'tick 1\n',
        'tick 2\n',
      ]);
    });

    it('yields the first chunk at once, then one every intervalMs (on a fake clock)', async () => {
      vi.useFakeTimers();
      try {
        const body = ticker(3, 1000)(fakeEnviron(), () => () => {}) as AsyncIterable<Uint8Array>;
        const it = body[Symbol.asyncIterator]();
        /** Whether next() resolves once the fake clock has moved `ms` on. */
        const readyAfter = async (next: Promise<unknown>, ms: number): Promise<boolean> => {
          let ready = false;
          void next.then(() => {
            ready = true;
          });
          await vi.advanceTimersByTimeAsync(ms);
          return ready;
        };
        expect(await readyAfter(it.next(), 0), hint(1, 'no wait before the first tick')).toBe(true);
        const second = it.next();
        expect(await readyAfter(second, 999), hint(1, 'wait intervalMs between two')).toBe(false);
        expect(await readyAfter(second, 1)).toBe(true);
        expect(await readyAfter(it.next(), 1000)).toBe(true);
        expect(await readyAfter(it.next(), 0), hint(1, 'no wait after the last tick')).toBe(true);
      } finally {
        vi.useRealTimers();
      }
    });

    it('is an async iterable that produces chunks lazily and stops when closed', async () => {
      const body = ticker(1000, 1)(fakeEnviron(), () => () => {}) as AsyncIterable<Uint8Array>;
      expect(typeof body[Symbol.asyncIterator], hint(1, 'an async generator')).toBe('function');
      const it = body[Symbol.asyncIterator]();
      expect(Buffer.from((await it.next()).value as Uint8Array).toString()).toBe('tick 0\n');
      await it.return?.();
      expect((await it.next()).done).toBe(true);
    });
  });

  describe('failing', () => {
    it('before: starts the response, then throws before any chunk', async () => {
      let status: string | undefined;
      const body = failing('before')(fakeEnviron(), (s) => {
        status = s;
        return () => {};
      });
      const chunks: string[] = [];
      const error = await rejected(async () => {
        for await (const c of body as AsyncIterable<Uint8Array>)
          chunks.push(Buffer.from(c).toString());
      });
      expect(
        error,
        hint(1, 'an app that fails after its head rejects from its body'),
      ).toBeInstanceOf(Error);
      expect(status).toBe('200 OK');
      expect(chunks).toEqual([]);
    });

    it('after: yields "partial " first, then throws', async () => {
      const body = failing('after')(fakeEnviron(), () => () => {});
      const chunks: string[] = [];
      const error = await rejected(async () => {
        for await (const c of body as AsyncIterable<Uint8Array>)
          chunks.push(Buffer.from(c).toString());
      });
      expect(
        error,
        hint(1, 'an app that fails after its head rejects from its body'),
      ).toBeInstanceOf(Error);
      expect(chunks).toEqual(['partial ']);
    });
  });
});
