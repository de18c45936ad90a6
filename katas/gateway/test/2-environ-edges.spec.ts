import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { recorder, useGateway } from './helpers.ts';

const start = useGateway();
const H = (t: string) => hint(2, t);

describe('2. The server', () => {
  describe('environ: absolute-form targets (RFC 9112 §3.2.2)', () => {
    it('an authority without a path is the path "/"', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get('http://example.test');
      expect(res.status).toBe(200);
      expect([seen[0]!.PATH_INFO, seen[0]!.QUERY_STRING], H('an empty path is "/"')).toEqual([
        '/',
        '',
      ]);
    });

    it('an authority followed at once by "?": the query is QUERY_STRING, not part of the path', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get('http://example.test?x=1');
      expect(res.status).toBe(200);
      expect(seen[0]!.QUERY_STRING, H('what follows "?" is the query')).toBe('x=1');
      // The same empty path as `http://example.test` alone: "/" (RFC 9112 §3.2.4).
      expect(seen[0]!.PATH_INFO, H('the path ends at "?", and an empty path is "/"')).toBe('/');
    });

    it.each([
      ['mailto:someone@example.test', 'a scheme without "//" and an authority'],
      ['a:b://example.test/x', 'a "scheme://" that does not start the target'],
      ['urn:isbn:0451450523', 'a URN'],
    ])('answers 400 to %s (%s) without calling the app', async (target) => {
      const { app, seen } = recorder();
      const server = await start(app);
      const res = await server.get(target);
      expect(
        res.status,
        H('an absolute-form target is scheme "://" authority, then the path'),
      ).toBe(400);
      expect(seen).toHaveLength(0);
    });
  });

  describe('environ: what a Node server is', () => {
    it('gateway.multithread and gateway.multiprocess are false: one thread, one process', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/');
      expect(
        [seen[0]!['gateway.multithread'], seen[0]!['gateway.multiprocess']],
        H('no other thread or process runs the app'),
      ).toEqual([false, false]);
    });

    it('a field the gateway drops ("_" in its name) is under no key at all', async () => {
      const { app, seen } = recorder();
      const server = await start(app);
      await server.get('/', { X_Dropped: 'spoofed', 'X-Kept': 'kept' });
      const holding = Object.keys(seen[0]!).filter((k) => seen[0]![k] === 'spoofed');
      expect(holding, H('no key at all holds a dropped field')).toEqual([]);
      expect(seen[0]!.HTTP_X_KEPT).toBe('kept');
    });
  });
});
