import { hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import {
  type App,
  type Environ,
  environEcho,
  failing,
  GatewayError,
  greetForm,
  type Header,
  hello,
  type StartResponse,
  ticker,
  VALIDATE_RULES,
  validate,
} from '../src/index.ts';
import {
  bytesInput,
  callApp,
  enc,
  eventually,
  expectRejectRule,
  expectRule,
  fakeEnviron,
  namesRule,
  useGateway,
} from './helpers.ts';

const start = useGateway();
const TEXT: Header[] = [['Content-Type', 'text/plain']];
const noop: StartResponse = () => () => {};
const H = (rule: string) => hint(4, rule);

/** Runs validate(app) once, fully, as a server would. */
const run = (app: App, environ: Environ = fakeEnviron()) => callApp(validate(app), environ);

/** An app that calls startResponse with the given arguments. */
const starting =
  (...args: unknown[]): App =>
  (_e, startResponse) => {
    (startResponse as (...a: unknown[]) => unknown)(...args);
    return [enc('x')];
  };

describe('4. Validate', () => {
  describe('a valid exchange passes through unchanged', () => {
    it('same status, fields and body', async () => {
      const r = await run(hello);
      expect(r.status).toBe('200 OK');
      expect(r.headers).toEqual([['Content-Type', 'text/plain; charset=utf-8']]);
      expect(r.body.toString()).toBe('Hello, world!\n');
    });

    it('a 204 without Content-Type, and a second startResponse with excInfo, are fine', async () => {
      const app: App = (_e, startResponse) => {
        startResponse('200 OK', TEXT);
        startResponse('204 No Content', [], new Error('changed my mind'));
        return [];
      };
      expect((await run(app)).status).toBe('204 No Content');
    });

    it.each([
      // Built inside the test: a stub's ticker() throws, and a throw while collecting hides every spec.
      ['hello', () => hello, 'GET', ''],
      ['environEcho', () => environEcho, 'GET', ''],
      ['greetForm (GET)', () => greetForm, 'GET', ''],
      ['greetForm (POST)', () => greetForm, 'POST', 'name=Ada'],
      ['greetForm (PUT: 405)', () => greetForm, 'PUT', ''],
      ['ticker(2, 1)', () => ticker(2, 1), 'GET', ''],
    ] as Array<[string, () => App, string, string]>)(
      'the stage 1 app %s keeps every rule',
      async (_name, app, method, body) => {
        const environ = fakeEnviron(
          body === ''
            ? { REQUEST_METHOD: method }
            : {
                REQUEST_METHOD: method,
                CONTENT_TYPE: 'application/x-www-form-urlencoded',
                CONTENT_LENGTH: String(body.length),
              },
          enc(body),
        );
        const r = await run(app(), environ);
        expect(r.status, H('each app passes its own validator')).toMatch(/^\d{3} /);
      },
    );

    it.each(['before', 'after'] as const)(
      "failing('%s') throws its own error, not a broken rule",
      async (when) => {
        const own = await rejected(callApp(failing(when)));
        const error = await rejected(run(failing(when)));
        expect(own).toBeInstanceOf(Error);
        expect(error, H('the app starts the response properly, then fails')).toEqual(own);
        expect(error).not.toBeInstanceOf(GatewayError);
      },
    );

    it('behind the server: no violation on either side', async () => {
      const violations: GatewayError[] = [];
      const server = await start(validate(hello, { onViolation: (v) => violations.push(v) }));
      const res = await server.get('/?q=1', { 'X-A': 'b' }, { method: 'POST', body: 'abc' });
      expect(res.status).toBe(200);
      expect(server.errors).toEqual([]);
      await new Promise((r) => setTimeout(r, 20));
      expect(violations).toEqual([]);
    });
  });

  describe('the server side: environ', () => {
    const ok: App = (_e, s) => {
      s('200 OK', TEXT);
      return [];
    };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'ERR_GATEWAY_ENVIRON_HTTP_CONTENT_TYPE',
        { HTTP_CONTENT_TYPE: 'text/plain' },
        'it is CONTENT_TYPE',
      ],
      [
        'ERR_GATEWAY_ENVIRON_HTTP_CONTENT_LENGTH',
        { HTTP_CONTENT_LENGTH: '1' },
        'it is CONTENT_LENGTH',
      ],
      ['ERR_GATEWAY_ENVIRON_NOT_STRING', { HTTP_X_NUMBER: 5 }, 'CGI keys hold strings'],
      ['ERR_GATEWAY_ENVIRON_NOT_STRING', { SERVER_PORT: 8080 }, 'CGI keys hold strings'],
      ['ERR_GATEWAY_ENVIRON_VERSION', { 'gateway.version': [1, 1] }, 'version is [1, 0]'],
      ['ERR_GATEWAY_ENVIRON_VERSION', { 'gateway.version': [0, 0] }, 'version is [1, 0]'],
      ['ERR_GATEWAY_ENVIRON_VERSION', { 'gateway.version': [1, 0, 0] }, 'version is [1, 0]'],
      ['ERR_GATEWAY_ENVIRON_VERSION', { 'gateway.version': '1.0' }, 'version is [1, 0]'],
      ['ERR_GATEWAY_ENVIRON_URL_SCHEME', { 'gateway.url_scheme': 'ftp' }, 'http or https'],
      ['ERR_GATEWAY_ENVIRON_FLAGS', { 'gateway.multithread': 'no' }, 'booleans'],
      ['ERR_GATEWAY_ENVIRON_FLAGS', { 'gateway.run_once': 0 }, 'booleans'],
      ['ERR_GATEWAY_ENVIRON_METHOD', { REQUEST_METHOD: 'GE T' }, 'a token'],
      ['ERR_GATEWAY_ENVIRON_SCRIPT_NAME', { SCRIPT_NAME: 'app' }, 'starts with /'],
      ['ERR_GATEWAY_ENVIRON_SCRIPT_NAME_ROOT', { SCRIPT_NAME: '/', PATH_INFO: '/x' }, 'never "/"'],
      ['ERR_GATEWAY_ENVIRON_PATH_INFO', { PATH_INFO: 'x' }, 'starts with /'],
      ['ERR_GATEWAY_ENVIRON_NO_PATH', { SCRIPT_NAME: '', PATH_INFO: '' }, 'one of the two'],
      ['ERR_GATEWAY_ENVIRON_CONTENT_LENGTH', { CONTENT_LENGTH: '-1' }, 'digits'],
      ['ERR_GATEWAY_ENVIRON_CONTENT_LENGTH', { CONTENT_LENGTH: '12abc' }, 'digits'],
      ['ERR_GATEWAY_ENVIRON_SERVER_PORT', { SERVER_PORT: 'http' }, 'digits'],
      ['ERR_GATEWAY_ENVIRON_PROTOCOL', { SERVER_PROTOCOL: 'HTTP 1.1' }, 'HTTP/x.y'],
      [
        'ERR_GATEWAY_INPUT_SHAPE',
        { 'gateway.input': { read: async () => new Uint8Array() } },
        'read, readLine, iteration',
      ],
      [
        'ERR_GATEWAY_INPUT_SHAPE',
        { 'gateway.input': { ...bytesInput(), readLine: undefined } },
        'read, readLine, iteration',
      ],
      [
        'ERR_GATEWAY_INPUT_SHAPE',
        { 'gateway.input': { ...bytesInput(), [Symbol.asyncIterator]: undefined } },
        'read, readLine, iteration',
      ],
      ['ERR_GATEWAY_INPUT_SHAPE', { 'gateway.input': null }, 'read, readLine, iteration'],
      ['ERR_GATEWAY_ERRORS_SHAPE', { 'gateway.errors': { write: () => {} } }, 'write and flush'],
      ['ERR_GATEWAY_ERRORS_SHAPE', { 'gateway.errors': { flush: () => {} } }, 'write and flush'],
      ['ERR_GATEWAY_ERRORS_SHAPE', { 'gateway.errors': null }, 'write and flush'],
      ['ERR_GATEWAY_ERRORS_SHAPE', { 'gateway.errors': 'stderr' }, 'write and flush'],
    ];
    it.each(cases)('%s for %j', (code, overrides, rule) => {
      const environ = fakeEnviron(overrides as Partial<Environ>);
      expectRule(() => validate(ok)(environ, noop), GatewayError, code, H(rule));
    });

    it.each([
      'REQUEST_METHOD',
      'PATH_INFO',
      'SERVER_NAME',
      'gateway.input',
      'gateway.errors',
      'gateway.run_once',
    ])('ERR_GATEWAY_ENVIRON_MISSING_KEY without %s', (key) => {
      const environ = fakeEnviron();
      delete environ[key];
      expectRule(
        () => validate(ok)(environ, noop),
        GatewayError,
        'ERR_GATEWAY_ENVIRON_MISSING_KEY',
        H('required keys'),
      );
    });

    it.each([
      ['a Map', () => new Map()],
      ['an array', () => Object.assign([], fakeEnviron())],
      ['null', () => null],
      ['undefined', () => undefined],
      ['a string', () => 'REQUEST_METHOD=GET'],
      ['an instance of a class', () => Object.assign(new (class Env {})(), fakeEnviron())],
    ])('ERR_GATEWAY_ENVIRON_NOT_OBJECT for %s', (_name, make) => {
      const environ = make() as unknown as Environ;
      expectRule(
        () => validate(ok)(environ, noop),
        GatewayError,
        'ERR_GATEWAY_ENVIRON_NOT_OBJECT',
        H('a plain object'),
      );
    });

    it.each([
      ['an object without a prototype', () => Object.assign(Object.create(null), fakeEnviron())],
      ['an empty CONTENT_LENGTH', () => fakeEnviron({ CONTENT_LENGTH: '' })],
      ['CONTENT_LENGTH "0"', () => fakeEnviron({ CONTENT_LENGTH: '0' })],
      [
        'SCRIPT_NAME with an empty PATH_INFO',
        () => fakeEnviron({ SCRIPT_NAME: '/a', PATH_INFO: '' }),
      ],
    ])('accepts %s', async (_name, make) => {
      const r = await run(ok, make() as Environ);
      expect(r.status, H('a valid environ passes')).toBe('200 OK');
    });

    it('ERR_GATEWAY_APP_ARGUMENTS when called with one argument', () => {
      const v = validate(ok) as unknown as (...a: unknown[]) => unknown;
      expectRule(
        () => v(fakeEnviron()),
        GatewayError,
        'ERR_GATEWAY_APP_ARGUMENTS',
        H('two arguments'),
      );
    });
  });

  describe('the server side: input stream answers', () => {
    const reader =
      (use: (input: Environ['gateway.input']) => Promise<unknown>): App =>
      (environ, s) =>
        (async function* () {
          await use(environ['gateway.input']);
          s('200 OK', TEXT);
          yield enc('x');
        })();
    const badInput = (patch: Partial<Environ['gateway.input']>) =>
      fakeEnviron({
        'gateway.input': { ...bytesInput(enc('abcdef')), ...patch } as Environ['gateway.input'],
      });

    it('ERR_GATEWAY_INPUT_READ_RESULT when read resolves to a string', async () => {
      const env = badInput({ read: async () => 'abc' as unknown as Uint8Array });
      await expectRejectRule(
        run(
          reader((i) => i.read(3)),
          env,
        ),
        GatewayError,
        'ERR_GATEWAY_INPUT_READ_RESULT',
        H('bytes'),
      );
    });

    it('ERR_GATEWAY_INPUT_READ_TOO_MUCH when read(2) returns 6 bytes', async () => {
      const env = badInput({ read: async () => enc('abcdef') });
      await expectRejectRule(
        run(
          reader((i) => i.read(2)),
          env,
        ),
        GatewayError,
        'ERR_GATEWAY_INPUT_READ_TOO_MUCH',
        H('at most size'),
      );
    });

    it('ERR_GATEWAY_INPUT_READLINE_RESULT when readLine resolves to a string', async () => {
      const env = badInput({ readLine: async () => 'a\n' as unknown as Uint8Array });
      await expectRejectRule(
        run(
          reader((i) => i.readLine()),
          env,
        ),
        GatewayError,
        'ERR_GATEWAY_INPUT_READLINE_RESULT',
        H('bytes'),
      );
    });

    it('ERR_GATEWAY_INPUT_ITERATION_RESULT when iteration yields strings', async () => {
      const env = badInput({
        [Symbol.asyncIterator]: async function* () {
          yield 'abc' as unknown as Uint8Array;
        },
      } as Partial<Environ['gateway.input']>);
      const use = async (i: Environ['gateway.input']) => {
        for await (const _ of i) {
          // consume
        }
      };
      await expectRejectRule(
        run(reader(use), env),
        GatewayError,
        'ERR_GATEWAY_INPUT_ITERATION_RESULT',
        H('bytes'),
      );
    });
  });

  describe('the application side: input and errors', () => {
    const using =
      (use: (environ: Environ) => unknown): App =>
      (environ, s) =>
        (async function* () {
          await use(environ);
          s('200 OK', TEXT);
          yield enc('x');
        })();
    it.each([
      ['read(-1)', (e: Environ) => e['gateway.input'].read(-1)],
      ['read(1.5)', (e: Environ) => e['gateway.input'].read(1.5)],
      ['read("3")', (e: Environ) => e['gateway.input'].read('3' as unknown as number)],
      [
        'read(3, 1)',
        (e: Environ) => (e['gateway.input'].read as (...a: number[]) => unknown)(3, 1),
      ],
    ])('ERR_GATEWAY_INPUT_READ_ARGUMENT for %s', async (_name, use) => {
      await expectRejectRule(
        run(using(use)),
        GatewayError,
        'ERR_GATEWAY_INPUT_READ_ARGUMENT',
        H('a non-negative integer'),
      );
    });

    it('ERR_GATEWAY_INPUT_CLOSE when the app closes the input', async () => {
      const use = (e: Environ) => (e['gateway.input'] as unknown as { close(): void }).close();
      await expectRejectRule(
        run(using(use)),
        GatewayError,
        'ERR_GATEWAY_INPUT_CLOSE',
        H('never close input'),
      );
    });

    it('ERR_GATEWAY_ERRORS_WRITE_ARGUMENT when the app writes bytes to errors', async () => {
      const use = (e: Environ) => e['gateway.errors'].write(enc('x') as unknown as string);
      await expectRejectRule(
        run(using(use)),
        GatewayError,
        'ERR_GATEWAY_ERRORS_WRITE_ARGUMENT',
        H('text'),
      );
    });

    it('ERR_GATEWAY_ERRORS_CLOSE when the app closes errors', async () => {
      const use = (e: Environ) => (e['gateway.errors'] as unknown as { close(): void }).close();
      await expectRejectRule(
        run(using(use)),
        GatewayError,
        'ERR_GATEWAY_ERRORS_CLOSE',
        H('never close errors'),
      );
    });

    it('lets a correct app read and write through', async () => {
      const lines: string[] = [];
      const env = fakeEnviron(
        {
          'gateway.errors': { write: (t: string) => lines.push(t), flush: () => lines.push('|') },
        },
        enc('a\nbcdef'),
      );
      const app = using(async (e) => {
        const input = e['gateway.input'];
        e['gateway.errors'].write(Buffer.from(await input.readLine()).toString());
        e['gateway.errors'].write(`${(await input.read(0)).length}`);
        e['gateway.errors'].write(Buffer.from(await input.read(2)).toString());
        e['gateway.errors'].write(Buffer.from(await input.read(5)).toString());
        e['gateway.errors'].flush();
      });
      await run(app, env);
      expect(lines, H('read(0), read(n) of exactly n bytes, flush: all fine')).toEqual([
        'a\n',
        '0',
        'bc',
        'def',
        '|',
      ]);
    });
  });

  describe('the application side: startResponse', () => {
    const cases: Array<[string, unknown[], string]> = [
      ['ERR_GATEWAY_START_RESPONSE_ARGUMENTS', ['200 OK'], '2 or 3 arguments'],
      [
        'ERR_GATEWAY_START_RESPONSE_ARGUMENTS',
        ['200 OK', TEXT, undefined, 'x'],
        '2 or 3 arguments',
      ],
      ['ERR_GATEWAY_STATUS_NOT_STRING', [200, TEXT], 'a string'],
      ['ERR_GATEWAY_STATUS_CONTROL', ['200 OK\r\nX-Evil: 1', TEXT], 'no CR LF'],
      ['ERR_GATEWAY_STATUS_FORMAT', ['200', TEXT], 'three digits, a space, a reason'],
      ['ERR_GATEWAY_STATUS_FORMAT', ['200OK', TEXT], 'three digits, a space, a reason'],
      ['ERR_GATEWAY_STATUS_FORMAT', ['OK 200', TEXT], 'three digits, a space, a reason'],
      ['ERR_GATEWAY_STATUS_FORMAT', ['2000 OK', TEXT], 'three digits, a space, a reason'],
      ['ERR_GATEWAY_STATUS_CODE', ['099 Low', TEXT], 'at least 100'],
      ['ERR_GATEWAY_HEADERS_NOT_ARRAY', ['200 OK', { 'Content-Type': 'text/plain' }], 'an array'],
      ['ERR_GATEWAY_HEADER_NOT_PAIR', ['200 OK', [['Content-Type']]], 'pairs'],
      ['ERR_GATEWAY_HEADER_NOT_PAIR', ['200 OK', ['Content-Type: text/plain']], 'pairs'],
      ['ERR_GATEWAY_HEADER_NOT_STRING', ['200 OK', [...TEXT, ['X-N', 1]]], 'strings'],
      ['ERR_GATEWAY_HEADER_NOT_STRING', ['200 OK', [...TEXT, [1, 'x']]], 'strings'],
      ['ERR_GATEWAY_HEADER_NOT_PAIR', ['200 OK', [...TEXT, ['X-A', '1', '2']]], 'pairs'],
      ['ERR_GATEWAY_HEADER_STATUS', ['200 OK', [...TEXT, ['Status', '200']]], 'no Status field'],
      ['ERR_GATEWAY_HEADER_NAME', ['200 OK', [...TEXT, ['X Y', '1']]], 'a token'],
      ['ERR_GATEWAY_HEADER_NAME', ['200 OK', [...TEXT, ['X:Y', '1']]], 'a token'],
      ['ERR_GATEWAY_HEADER_NAME', ['200 OK', [...TEXT, ['X\nY', '1']]], 'a token'],
      ['ERR_GATEWAY_HEADER_NAME_END', ['200 OK', [...TEXT, ['X-Foo-', '1']]], "no trailing '-'"],
      ['ERR_GATEWAY_HEADER_NAME_END', ['200 OK', [...TEXT, ['X_Foo_', '1']]], "no trailing '_'"],
      [
        'ERR_GATEWAY_HEADER_VALUE',
        ['200 OK', [...TEXT, ['X-A', 'a\r\nSet-Cookie: x=1']]],
        'no CR LF',
      ],
      ['ERR_GATEWAY_HEADER_VALUE', ['200 OK', [...TEXT, ['X-A', 'a\u0000b']]], 'no NUL'],
      ['ERR_GATEWAY_HOP_BY_HOP', ['200 OK', [...TEXT, ['Connection', 'close']]], 'hop-by-hop'],
      [
        'ERR_GATEWAY_HOP_BY_HOP',
        ['200 OK', [...TEXT, ['Transfer-Encoding', 'chunked']]],
        'hop-by-hop',
      ],
      ['ERR_GATEWAY_NO_CONTENT_TYPE', ['200 OK', [['X-A', '1']]], 'Content-Type is required'],
      ['ERR_GATEWAY_CONTENT_TYPE_NOT_ALLOWED', ['204 No Content', TEXT], 'not on 204'],
      ['ERR_GATEWAY_CONTENT_TYPE_NOT_ALLOWED', ['304 Not Modified', TEXT], 'not on 304'],
      ['ERR_GATEWAY_EXC_INFO', ['200 OK', TEXT, 'oops'], 'an Error or undefined'],
    ];
    it.each(cases)('%s for %j', (code, args, rule) => {
      expectRule(
        () => validate(starting(...args))(fakeEnviron(), noop),
        GatewayError,
        code,
        H(rule),
      );
    });

    it.each(['100 Continue', '200 ', '999 Last'])('accepts the status %j', (status) => {
      const app = starting(status, TEXT);
      expect(
        () => validate(app)(fakeEnviron(), noop),
        H('three digits, at least 100, a space'),
      ).not.toThrow();
    });

    it('ERR_GATEWAY_START_RESPONSE_TWICE without excInfo', () => {
      const app: App = (_e, s) => {
        s('200 OK', TEXT);
        s('200 OK', TEXT);
        return [];
      };
      expectRule(
        () => validate(app)(fakeEnviron(), noop),
        GatewayError,
        'ERR_GATEWAY_START_RESPONSE_TWICE',
        H('only with excInfo'),
      );
    });

    it('ERR_GATEWAY_WRITE_ARGUMENT when write() gets a string', () => {
      const app: App = (_e, s) => {
        s('200 OK', TEXT)('text' as unknown as Uint8Array);
        return [];
      };
      expectRule(
        () => validate(app)(fakeEnviron(), noop),
        GatewayError,
        'ERR_GATEWAY_WRITE_ARGUMENT',
        H('bytes'),
      );
    });
  });

  describe('the application side: the body', () => {
    it.each([
      ['undefined', undefined],
      ['a number', 42],
      ['a plain object', {}],
    ])('ERR_GATEWAY_BODY_NOT_ITERABLE when the app returns %s', (_name, value) => {
      const app = ((_e: Environ, s: StartResponse) => {
        s('200 OK', TEXT);
        return value;
      }) as unknown as App;
      expectRule(
        () => validate(app)(fakeEnviron(), noop),
        GatewayError,
        'ERR_GATEWAY_BODY_NOT_ITERABLE',
        H('an iterable'),
      );
    });

    it('ERR_GATEWAY_BODY_STRING when the app returns a string', () => {
      const app = ((_e: Environ, s: StartResponse) => {
        s('200 OK', TEXT);
        return 'hello';
      }) as unknown as App;
      expectRule(
        () => validate(app)(fakeEnviron(), noop),
        GatewayError,
        'ERR_GATEWAY_BODY_STRING',
        H('not a string'),
      );
    });

    it('ERR_GATEWAY_BODY_CHUNK when the body yields a string', async () => {
      const app: App = (_e, s) => {
        s('200 OK', TEXT);
        return ['text' as unknown as Uint8Array];
      };
      await expectRejectRule(
        run(app),
        GatewayError,
        'ERR_GATEWAY_BODY_CHUNK',
        H('Uint8Array chunks'),
      );
    });

    it('ERR_GATEWAY_BODY_BEFORE_START when a chunk comes before startResponse', async () => {
      const app: App = () => [enc('early')];
      await expectRejectRule(
        run(app),
        GatewayError,
        'ERR_GATEWAY_BODY_BEFORE_START',
        H('startResponse first'),
      );
    });

    it('ERR_GATEWAY_ITERATE_AFTER_CLOSE when the server iterates a closed body', () => {
      const body = validate(hello)(fakeEnviron(), noop) as Iterable<Uint8Array>;
      const it = body[Symbol.iterator]();
      it.next();
      it.return?.();
      expectRule(
        () => it.next(),
        GatewayError,
        'ERR_GATEWAY_ITERATE_AFTER_CLOSE',
        H('never after return()'),
      );
    });

    it('ERR_GATEWAY_NOT_CLOSED is reported when the server never closes the body', async () => {
      const violations: GatewayError[] = [];
      const body = validate(hello, { onViolation: (v) => violations.push(v) })(fakeEnviron(), noop);
      const it = (body as Iterable<Uint8Array>)[Symbol.iterator]();
      while (!it.next().done) {
        // iterate to the end and never call return()
      }
      expect(
        await eventually(() => violations.length > 0, 500),
        H('watch for the missing return()'),
      ).toBe(true);
      expect(violations.map((v) => v.code)).toEqual(['ERR_GATEWAY_NOT_CLOSED']);
      namesRule(violations[0]!);
    });

    it('without onViolation, ERR_GATEWAY_NOT_CLOSED is written to gateway.errors, one line', async () => {
      const lines: string[] = [];
      const environ = fakeEnviron({
        'gateway.errors': { write: (t: string) => lines.push(t), flush: () => {} },
      });
      const it = (validate(hello)(environ, noop) as Iterable<Uint8Array>)[Symbol.iterator]();
      while (!it.next().done) {
        // iterate to the end and never call return()
      }
      expect(
        await eventually(() => lines.length > 0, 500),
        H('the default report goes to gateway.errors'),
      ).toBe(true);
      const rule = `ERR_GATEWAY_NOT_CLOSED: ${VALIDATE_RULES.ERR_GATEWAY_NOT_CLOSED}`;
      expect(lines).toEqual([`${rule}\n`]);
    });

    it('no ERR_GATEWAY_NOT_CLOSED when the server closes at once', async () => {
      const violations: string[] = [];
      await callApp(validate(hello, { onViolation: (v) => violations.push(v.code) }));
      await new Promise((r) => setTimeout(r, 30));
      expect(violations).toEqual([]);
    });

    it('passes status, fields, excInfo and write() bytes on to the server unchanged', async () => {
      const calls: unknown[][] = [];
      const written: string[] = [];
      const server: StartResponse = (...args: unknown[]) => {
        calls.push(args);
        return (data) => {
          written.push(Buffer.from(data).toString());
        };
      };
      const failure = new Error('retry');
      const app: App = (_e, s) => {
        s('200 OK', TEXT);
        s('503 Busy', TEXT, failure)(enc('legacy'));
        return [];
      };
      validate(app)(fakeEnviron(), server);
      expect(calls, H('hand every argument on, excInfo too')).toEqual([
        ['200 OK', TEXT],
        ['503 Busy', TEXT, failure],
      ]);
      expect(written, H('write() goes on to the server')).toEqual(['legacy']);
    });

    it.each([
      [
        'throws',
        function* () {
          yield* [];
          throw new Error('sync failure');
        },
      ],
      [
        'rejects',
        async function* () {
          yield* [];
          throw new Error('async failure');
        },
      ],
    ])(
      'ERR_GATEWAY_NOT_CLOSED is reported when the body %s and the server never closes it',
      async (_how, make) => {
        const violations: string[] = [];
        const app: App = (_e, s) => {
          s('200 OK', TEXT);
          return make() as Iterable<Uint8Array>;
        };
        const body = validate(app, { onViolation: (v) => violations.push(v.code) })(
          fakeEnviron(),
          noop,
        ) as Partial<AsyncIterable<Uint8Array> & Iterable<Uint8Array>>;
        const it = body[Symbol.asyncIterator]?.() ?? body[Symbol.iterator]!();
        expect(await rejected(async () => it.next())).toBeInstanceOf(Error);
        expect(
          await eventually(() => violations.length > 0, 500),
          H('a failed body must be closed too'),
        ).toBe(true);
        expect(violations).toEqual(['ERR_GATEWAY_NOT_CLOSED']);
      },
    );

    it('reports ERR_GATEWAY_NOT_CLOSED once, however often the server reads past the end', async () => {
      const violations: string[] = [];
      const body = validate(hello, { onViolation: (v) => violations.push(v.code) })(
        fakeEnviron(),
        noop,
      );
      const it = (body as Iterable<Uint8Array>)[Symbol.iterator]();
      for (let i = 0; i < 4; i++) it.next();
      await eventually(() => violations.length > 0, 500);
      await new Promise((r) => setTimeout(r, 30));
      expect(violations, H('one report per body')).toEqual(['ERR_GATEWAY_NOT_CLOSED']);
    });

    it('return() answers { done: true } for a body that has no return() of its own (an array)', () => {
      const body = validate(hello)(fakeEnviron(), noop) as Iterable<Uint8Array>;
      const it = body[Symbol.iterator]();
      it.next();
      expect(it.return?.(), H('an iterator result, as the protocol says')).toEqual({
        done: true,
        value: undefined,
      });
    });

    it('keeps an async body async, and closes the inner body when closed', async () => {
      let closed = false;
      const app: App = (_e, s) => {
        s('200 OK', TEXT);
        return (async function* () {
          try {
            yield enc('a');
            yield enc('b');
          } finally {
            closed = true;
          }
        })();
      };
      const body = validate(app)(fakeEnviron(), noop) as AsyncIterable<Uint8Array>;
      expect(typeof body[Symbol.asyncIterator]).toBe('function');
      const it = body[Symbol.asyncIterator]();
      await it.next();
      await it.return?.();
      expect(closed).toBe(true);
    });
  });
});
