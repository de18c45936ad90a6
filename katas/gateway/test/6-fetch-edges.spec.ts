import { expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it, vi } from 'vitest';
import {
  type App,
  type Environ,
  fromFetchHandler,
  GatewayError,
  requestUrl,
  toFetchHandler,
} from '../src/index.ts';
import { callApp, enc, eventually, fakeEnviron, recorder, useGateway } from './helpers.ts';

const start = useGateway();
const H = (t: string) => hint(6, t);

/** A body (sync iterable) that yields `chunks`, then counts the return() calls it gets. */
function closable(chunks: Uint8Array[]): { body: Iterable<Uint8Array>; closes: () => number } {
  let closes = 0;
  const body: Iterable<Uint8Array> = {
    [Symbol.iterator]() {
      let i = 0;
      return {
        next: () =>
          i < chunks.length
            ? { done: false, value: chunks[i++]! }
            : { done: true, value: undefined },
        return: () => {
          closes++;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { body, closes: () => closes };
}

/** Every chunk of a Response body, as strings (an error if reading it fails). */
async function chunksOf(res: Response): Promise<string[]> {
  const out: string[] = [];
  const reader = res.body!.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    out.push(Buffer.from(r.value).toString());
  }
  return out;
}

describe('6. Fetch adapters', () => {
  describe('toFetchHandler(app): environ from a plain http Request', () => {
    it('SCRIPT_NAME "", a protocol, scheme http and the gateway.* flags of a server', async () => {
      const { app, seen } = recorder();
      await toFetchHandler(app)(new Request('http://example.test/a?b=1'));
      const e = seen[0]!;
      expect([e.SCRIPT_NAME, e.PATH_INFO, e.QUERY_STRING], H('mounted at the root')).toEqual([
        '',
        '/a',
        'b=1',
      ]);
      expect(e.SERVER_PROTOCOL, H('a Request has no version: say one')).toMatch(/^HTTP\/\d\.\d$/);
      expect(e['gateway.url_scheme'], H('http: is "http"')).toBe('http');
      expect(e['gateway.version']).toEqual([1, 0]);
      expect(
        [e['gateway.multithread'], e['gateway.multiprocess'], e['gateway.run_once']],
        H('one thread, one process, called many times'),
      ).toEqual([false, false, false]);
      expect(e['gateway.input_terminated']).toBe(true);
    });

    it('Content-Length is CONTENT_LENGTH, never HTTP_CONTENT_LENGTH', async () => {
      const { app, seen } = recorder();
      await toFetchHandler(app)(
        new Request('http://example.test/', {
          method: 'POST',
          headers: { 'content-length': '7', 'content-type': 'text/plain' },
          body: 'payload',
        }),
      );
      const e = seen[0]!;
      expect(e.CONTENT_LENGTH, H('the same field rules as serve')).toBe('7');
      expect(Object.keys(e).filter((k) => k.startsWith('HTTP_CONTENT'))).toEqual([]);
    });

    it('gateway.errors writes to stderr and can be flushed', async () => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
      try {
        const app: App = (environ, startResponse) => {
          environ['gateway.errors'].write('a fetch note\n');
          environ['gateway.errors'].flush();
          startResponse('200 OK', [['Content-Type', 'text/plain']]);
          return [enc('ok')];
        };
        const res = await toFetchHandler(app)(new Request('http://x/'));
        expect(await res.text()).toBe('ok');
        expect(written.join(''), H('as serve does: gateway.errors is stderr')).toContain(
          'a fetch note\n',
        );
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('toFetchHandler(app): the Response', () => {
    it('a body that ends without startResponse rejects with ERR_GATEWAY_NO_START_RESPONSE, closed', async () => {
      const { body, closes } = closable([enc('')]);
      await expectRejectCode(
        async () => toFetchHandler(() => body)(new Request('http://x/')),
        GatewayError,
        'ERR_GATEWAY_NO_START_RESPONSE',
        H('the same rules as serve'),
      );
      expect(closes(), H('return() even when it fails')).toBe(1);
    });

    it('bytes given to write() only, with an empty body, are the Response body', async () => {
      const { body, closes } = closable([]);
      const app: App = (_e, s) => {
        const write = s('200 OK', [['Content-Type', 'text/plain']]);
        write(enc('written '));
        write(enc('only'));
        return body;
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      expect(await chunksOf(res), H('write() bytes are body bytes')).toEqual(['written ', 'only']);
      expect(closes()).toBe(1);
    });

    it('an empty 200 has an empty body, not a null one; an empty 304 has none', async () => {
      const app: App = (e, s) => {
        if (e.PATH_INFO === '/304') s('304 Not Modified', []);
        else s('200 OK', [['Content-Type', 'text/plain']]);
        return [];
      };
      const ok = await toFetchHandler(app)(new Request('http://x/'));
      expect(ok.status).toBe(200);
      expect(ok.body, H('only 204 and 304 have a null body')).not.toBeNull();
      expect(await ok.text()).toBe('');
      const notModified = await toFetchHandler(app)(new Request('http://x/304'));
      expect([notModified.status, notModified.body], H('a 304 has no body')).toEqual([304, null]);
    });

    it('a 204 whose app yields bytes anyway has a null body, and its body is closed', async () => {
      const { body, closes } = closable([enc('not for a 204')]);
      const app: App = (_e, s) => {
        s('204 No Content', []);
        return body;
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      expect([res.status, res.body], H('a 204 has no body')).toEqual([204, null]);
      expect(await eventually(() => closes() === 1), H('return() once: no body will pull it')).toBe(
        true,
      );
    });

    it('a body that fails after its first chunk makes the Response body fail with that error', async () => {
      const broken = new Error('disk gone');
      const app: App = (_e, s) => {
        s('200 OK', [['Content-Type', 'text/plain']]);
        return (function* () {
          yield enc('first');
          throw broken;
        })();
      };
      const res = await toFetchHandler(app)(new Request('http://x/'));
      const reader = res.body!.getReader();
      expect(Buffer.from((await reader.read()).value!).toString()).toBe('first');
      expect(await rejected(reader.read()), H('the stream errors with the body’s error')).toBe(
        broken,
      );
    });
  });

  describe('requestUrl: the port is left out only for the scheme’s own', () => {
    it.each([
      ['http', '443', 'http://s.test:443/'],
      ['https', '80', 'https://s.test:80/'],
      ['https', '8443', 'https://s.test:8443/'],
      ['https', '443', 'https://s.test/'],
      ['http', '80', 'http://s.test/'],
    ] as const)('%s on port %s → %s', (scheme, port, url) => {
      const environ = fakeEnviron({
        'gateway.url_scheme': scheme,
        SERVER_NAME: 's.test',
        SERVER_PORT: port,
      });
      delete environ.HTTP_HOST;
      expect(requestUrl(environ), H('80 is http’s, 443 is https’s')).toBe(url);
    });
  });

  describe('fromFetchHandler(handler): the Request’s fields', () => {
    /** A handler that keeps the fields of every Request it gets. */
    function fieldKeeper(): { handler: (r: Request) => Response; seen: Array<[string, string][]> } {
      const seen: Array<[string, string][]> = [];
      const handler = (r: Request) => {
        seen.push([...r.headers]);
        return new Response('ok');
      };
      return { handler, seen };
    }

    it('are the HTTP_* keys and nothing else: no Content-Type or Content-Length when absent', async () => {
      const { handler, seen } = fieldKeeper();
      const server = await start(fromFetchHandler(handler));
      await server.get('/p?q=1', { 'X-One': 'a' });
      const names = seen[0]!.map(([n]) => n).sort();
      expect(names, H('one field per HTTP_* key')).toEqual(['host', 'x-one']);
    });

    it('CONTENT_TYPE and CONTENT_LENGTH become Content-Type and Content-Length', async () => {
      const { handler, seen } = fieldKeeper();
      const server = await start(fromFetchHandler(handler));
      await server.get('/', { 'Content-Type': 'text/plain' }, { method: 'POST', body: 'abc' });
      const fields = Object.fromEntries(seen[0]!);
      expect(fields['content-type'], H('CONTENT_TYPE is a field too')).toBe('text/plain');
      expect(fields['content-length']).toBe('3');
    });

    it('an HTTP_* key a middleware set to undefined is no field', async () => {
      const { handler, seen } = fieldKeeper();
      await callApp(
        fromFetchHandler(handler),
        fakeEnviron({ HTTP_X_GONE: undefined, HTTP_X_KEPT: 'yes' } as Partial<Environ>),
      );
      expect(Object.fromEntries(seen[0]!), H('only string values are fields')).toEqual({
        host: 'localhost:8080',
        'x-kept': 'yes',
      });
    });
  });
});
