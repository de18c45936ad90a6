import { codePointString } from '@hbu/kata-kit/arbitraries';
import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { fcParams } from '@hbu/kata-kit/fc';
import { connect, listen, request } from '@hbu/kata-kit/socket-harness';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type App,
  type Environ,
  GatewayError,
  type Header,
  mount,
  requestUrl,
  validate,
} from '../src/index.ts';
import { callApp, enc, fakeEnviron, useGateway } from './helpers.ts';
import { buildMultipart, collect, collectBusboy, formEnviron } from './multipart.ts';
import { comparable, type ResponseSpec, specApp, specNodeServer } from './peers.ts';

const start = useGateway();
const H = (t: string) => hint(8, t);

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
/** Where to cut a byte string into pieces. */
const cuts = fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 12 });
const segment = fc.stringMatching(/^[a-z0-9]{1,4}$/);

describe('8. Properties', () => {
  it('any body, in any chunks, arrives byte for byte (several requests on one connection)', async () => {
    let body: Uint8Array[] = [];
    const app: App = (_e, s) => {
      s('200 OK', [['Content-Type', 'application/octet-stream']]);
      return (function* () {
        yield* body;
      })();
    };
    const server = await start(app);
    await fc.assert(
      fc.asyncProperty(fc.array(bytes(300), { maxLength: 6 }), async (chunks) => {
        body = chunks;
        const socket = await connect(server.port);
        for (let i = 0; i < 2; i++) {
          await socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
          const res = await socket.readResponse();
          expect(res.body.equals(Buffer.concat(chunks)), H('every chunk, in order, framed')).toBe(
            true,
          );
        }
        socket.close();
      }),
      fcParams(25),
    );
  });

  it('any request body, sent in any pieces, is read back exactly with read(size) of any size', async () => {
    const sizes: number[] = [];
    const app: App = (environ, startResponse) =>
      (async function* () {
        const parts: Uint8Array[] = [];
        for (let i = 0; ; i++) {
          const chunk = await environ['gateway.input'].read(sizes[i % sizes.length] ?? 7);
          if (chunk.length === 0) break;
          parts.push(chunk);
        }
        startResponse('200 OK', [['Content-Type', 'application/octet-stream']]);
        yield Buffer.concat(parts);
      })();
    const server = await start(app);
    await fc.assert(
      fc.asyncProperty(
        bytes(2000),
        cuts,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (body, pieces, reads, chunked) => {
          sizes.splice(0, sizes.length, ...reads);
          const head = `POST / HTTP/1.1\r\nHost: a\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`}\r\n\r\n`;
          const framed = chunked
            ? Buffer.concat([
                body.length > 0 ? Buffer.from(`${body.length.toString(16)}\r\n`) : Buffer.alloc(0),
                Buffer.from(body),
                Buffer.from(body.length > 0 ? '\r\n0\r\n\r\n' : '0\r\n\r\n'),
              ])
            : Buffer.from(body);
          const socket = await connect(server.port);
          await socket.write(head);
          let at = 0;
          for (const p of pieces) {
            if (at >= framed.length) break;
            await socket.write(framed.subarray(at, at + p));
            at += p;
          }
          await socket.write(framed.subarray(at));
          const res = await socket.readResponse();
          socket.close();
          expect(res.body.equals(Buffer.from(body))).toBe(true);
        },
      ),
      fcParams(30),
    );
  });

  it('PATH_INFO is the decoded path, and requestUrl encodes it back to the same path', async () => {
    const seen: Environ[] = [];
    const server = await start((environ, startResponse) => {
      seen.push(environ);
      startResponse('204 No Content', []);
      return [];
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(codePointString({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        async (segments) => {
          const path = `/${segments.map(encodeURIComponent).join('/')}`;
          seen.length = 0;
          await request(server.port, { target: path });
          const environ = seen[0]!;
          expect(environ.PATH_INFO, H('decode once, as UTF-8')).toBe(`/${segments.join('/')}`);
          const url = new URL(requestUrl(environ));
          expect(decodeURIComponent(url.pathname)).toBe(environ.PATH_INFO);
        },
      ),
      fcParams(40),
    );
  });

  it('mount: SCRIPT_NAME + PATH_INFO is the original path, and the longest whole-segment prefix wins', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => `/${s.join('/')}`),
          { maxLength: 5 },
        ),
        fc.array(segment, { maxLength: 4 }),
        fc.boolean(),
        async (prefixes, parts, slash) => {
          const path = `/${parts.join('/')}${slash && parts.length > 0 ? '/' : ''}`;
          const apps: Record<string, App> = {
            '/': (e, s) => {
              s('200 OK', [['Content-Type', 'text/plain']]);
              return [enc(`/|${e.SCRIPT_NAME}|${e.PATH_INFO}`)];
            },
          };
          for (const p of prefixes)
            apps[p] = (e, s) => {
              s('200 OK', [['Content-Type', 'text/plain']]);
              return [enc(`${p}|${e.SCRIPT_NAME}|${e.PATH_INFO}`)];
            };
          const [which, script, info] = (
            await callApp(mount(apps), fakeEnviron({ PATH_INFO: path }))
          ).body
            .toString()
            .split('|');
          expect(script! + info!).toBe(path);
          const matches = prefixes.filter((p) => path === p || path.startsWith(`${p}/`));
          const longest = matches.sort((a, b) => b.length - a.length)[0] ?? '/';
          expect(which).toBe(longest);
        },
      ),
      fcParams(100),
    );
  });

  it('multipart: any parts, any boundary, any chunking come back exactly — and busboy agrees', async () => {
    const bchar = fc.constantFrom(...'abcXYZ019-_.=+'.split(''));
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: bchar, minLength: 1, maxLength: 30 }),
        fc.array(
          fc.record({
            name: fc.stringMatching(/^[a-z]{1,6}$/),
            file: fc.option(fc.stringMatching(/^[a-z]{1,6}\.[a-z]{1,3}$/), { nil: undefined }),
            body: fc.oneof(
              bytes(200),
              fc.constantFrom(enc('\r\n--'), enc('--\r\n'), enc('\r\n\r\n')),
            ),
          }),
          { maxLength: 5 },
        ),
        cuts,
        async (boundary, parts, pieces) => {
          // Content must not contain the delimiter (RFC 2046 §5.1.1): add a byte the boundary lacks.
          const built = parts.map((p) => ({
            head: [
              `Content-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.file}"` : ''}`,
              ...(p.file ? ['Content-Type: application/octet-stream'] : []),
            ],
            body: Buffer.from(p.body).includes(`--${boundary}`)
              ? Buffer.from('!')
              : Buffer.from(p.body),
          }));
          const body = buildMultipart(boundary, built);
          const type = `multipart/form-data; boundary="${boundary}"`;
          const ours = await collect(formEnviron(type, body, pieces));
          expect(
            ours.map((p) => Buffer.from(p.value, 'latin1')),
            H('a part ends only at CRLF--boundary'),
          ).toEqual(built.map((b) => b.body));
          const files = ours.filter((p) => p.filename !== undefined);
          const theirs = (await collectBusboy(type, body)).filter((p) => p.filename !== undefined);
          expect(files).toEqual(theirs);
        },
      ),
      fcParams(100),
    );
  });

  it('urlencoded: any pairs encoded by URLSearchParams come back in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(codePointString({ maxLength: 8 }), codePointString({ maxLength: 8 })), {
          maxLength: 8,
        }),
        async (pairs) => {
          const body = enc(new URLSearchParams(pairs).toString());
          const got = await collect(formEnviron('application/x-www-form-urlencoded', body));
          expect(got.map((p) => [p.name, Buffer.from(p.value, 'latin1').toString('utf8')])).toEqual(
            [...new URLSearchParams(new URLSearchParams(pairs).toString())],
          );
        },
      ),
      fcParams(100),
    );
  });

  it('validate: a well-formed start passes; a control character in a value is always refused', async () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}[A-Za-z0-9]$/);
    const goodValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/);
    const control = fc.constantFrom('\r', '\n', '\u0000', '\u001f', '\u007f', '\u010a');
    const hop = new Set([
      'connection',
      'keep-alive',
      'te',
      'trailer',
      'trailers',
      'transfer-encoding',
      'upgrade',
      'proxy-authenticate',
      'proxy-authorization',
      'status',
      'content-type',
      'content-length',
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: 599 }),
        fc.array(fc.tuple(token, goodValue), { maxLength: 5 }),
        control,
        fc.nat(),
        async (code, fields, bad, at) => {
          const headers: Header[] = [
            ['Content-Type', 'text/plain'],
            ...fields.filter(([n]) => !hop.has(n.toLowerCase())),
          ];
          const status = `${code} Reason`;
          const bodiless = code === 204 || code === 304;
          const use = bodiless ? headers.slice(1) : headers;
          const ok: App = (_e, s) => {
            s(status, use);
            return [enc('x')];
          };
          expect((await callApp(validate(ok))).status).toBe(status);
          const value = 'abc';
          const poisoned = value.slice(0, at % 4) + bad + value.slice(at % 4);
          const badApp: App = (_e, s) => {
            s(status, [...use, ['X-Bad', poisoned]]);
            return [];
          };
          expectCode(
            () => validate(badApp)(fakeEnviron(), () => () => {}),
            GatewayError,
            'ERR_GATEWAY_HEADER_VALUE',
            hint(8, 'validate refuses CR, LF and controls in a header value'),
          );
        },
      ),
      fcParams(100),
    );
  });

  it('differential: any status, fields and chunks — the gateway answers like node:http', async () => {
    const token = fc.stringMatching(/^X-[A-Za-z0-9]{1,8}$/);
    const value = fc.stringMatching(/^[\x21-\x7e]{1,12}$/);
    const reason = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,12}[A-Za-z]$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(200, 201, 202, 299, 301, 400, 404, 418, 500, 503),
        reason,
        fc.array(fc.tuple(token, value), { maxLength: 4 }),
        // Non-empty chunks: for a body of empty writes node:http says chunked, we say Content-Length: 0.
        fc.array(fc.stringMatching(/^[a-z0-9 ]{1,20}$/), { maxLength: 4 }),
        async (code, why, fields, chunks) => {
          const spec: ResponseSpec = {
            code,
            reason: why,
            headers: [['Content-Type', 'text/plain'], ...fields],
            chunks,
          };
          const ours = await start(specApp(spec));
          const node = await listen(() => specNodeServer(spec));
          const a = await request(ours.port, { target: '/' });
          const b = await request(node.port, { target: '/' });
          expect(comparable(a)).toEqual(comparable(b));
          await ours.close();
          await node.close();
        },
      ),
      fcParams(30),
    );
  });

  it('pipelined GET and POST requests in any order are answered in order', async () => {
    const app: App = (environ, startResponse) =>
      (async function* () {
        const body = await environ['gateway.input'].read();
        startResponse('200 OK', [['Content-Type', 'text/plain']]);
        yield enc(`${environ.REQUEST_METHOD} ${environ.PATH_INFO} ${body.length}`);
      })();
    const server = await start(app);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), fc.nat(3000)), { minLength: 1, maxLength: 8 }),
        async (reqs) => {
          const socket = await connect(server.port);
          const wire = reqs
            .map(([post, n], i) =>
              post
                ? `POST /${i} HTTP/1.1\r\nHost: a\r\nContent-Length: ${n}\r\n\r\n${'b'.repeat(n)}`
                : `GET /${i} HTTP/1.1\r\nHost: a\r\n\r\n`,
            )
            .join('');
          await socket.write(wire);
          for (const [i, [post, n]] of reqs.entries()) {
            const res = await socket.readResponse();
            expect(res.body.toString()).toBe(post ? `POST /${i} ${n}` : `GET /${i} 0`);
          }
          socket.close();
        },
      ),
      fcParams(30),
    );
  });
});
