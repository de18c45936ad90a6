/**
 * Test helpers shared by the gateway specs: a server per test on loopback (closed after each
 * test, errors collected), an application runner that needs no server, and tiny body helpers.
 * Everything here is the test's own code: nothing of the implementation under test.
 */

import { expectCode, expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import {
  listen,
  type RawRequest,
  type RunningServer,
  request,
  useSocketHarness,
  type WireResponse,
} from '@hbu/kata-kit/socket-harness';
import { afterEach, expect } from 'vitest';
import {
  type App,
  type Body,
  type Environ,
  GATEWAY_RULES,
  type GatewayError,
  type Header,
  type ServeOptions,
  serve,
  VALIDATE_RULES,
} from '../src/index.ts';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (res: { body: Uint8Array }): string => Buffer.from(res.body).toString('utf8');
/** An app that keeps the environ of every request and answers 200 "ok". */
export function recorder(): { app: App; seen: Environ[] } {
  const seen: Environ[] = [];
  const app: App = (environ, startResponse) => {
    seen.push(environ);
    startResponse('200 OK', [['Content-Type', 'text/plain']]);
    return [enc('ok')];
  };
  return { app, seen };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A server under test plus every error its onError received. */
export interface Served extends RunningServer {
  errors: unknown[];
  get(
    target: string,
    headers?: Record<string, string>,
    extra?: Partial<RawRequest>,
  ): Promise<WireResponse>;
}

/** Registers the socket harness (closeAll after each test) and returns `start(app, options)`. */
export function useGateway(): (app: App, options?: ServeOptions) => Promise<Served> {
  useSocketHarness(afterEach);
  return async (app, options = {}) => {
    const errors: unknown[] = [];
    const running = await listen(() =>
      serve(app, { onError: (error) => errors.push(error), ...options }),
    );
    return Object.assign(running, {
      errors,
      get: (
        target: string,
        headers: Record<string, string> = {},
        extra: Partial<RawRequest> = {},
      ) => request(running.port, { target, headers, ...extra }),
    });
  };
}

/** The code of an error, or its message, for a readable expectation. */
export const codeOf = (e: unknown): string =>
  typeof (e as { code?: unknown })?.code === 'string'
    ? (e as { code: string }).code
    : e instanceof Error
      ? e.message
      : String(e);

/** Waits until `f()` is true or `ms` pass; returns the last value of `f()`. */
export async function eventually(f: () => boolean, ms = 2_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!f() && Date.now() < deadline) await sleep(10);
  return f();
}

/** A promise and its resolver: a gate an app waits on while the test looks at the wire. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

/** An input stream over fixed bytes (the test's own, for calling apps without a server). */
export function bytesInput(data: Uint8Array = new Uint8Array(0)): Environ['gateway.input'] {
  let at = 0;
  const take = (n: number): Uint8Array => {
    const out = data.subarray(at, at + n);
    at += out.length;
    return out;
  };
  return {
    read: async (size?: number) => take(size ?? data.length - at),
    readLine: async (limit = Number.POSITIVE_INFINITY) => {
      const lf = data.indexOf(0x0a, at);
      return take(Math.min(lf < 0 ? data.length - at : lf - at + 1, limit));
    },
    async *[Symbol.asyncIterator]() {
      if (at < data.length) yield take(data.length - at);
    },
  };
}

/** A complete, valid environ for GET / (override any key). */
export function fakeEnviron(overrides: Partial<Environ> = {}, body?: Uint8Array): Environ {
  return {
    REQUEST_METHOD: 'GET',
    SCRIPT_NAME: '',
    PATH_INFO: '/',
    QUERY_STRING: '',
    SERVER_NAME: 'localhost',
    SERVER_PORT: '8080',
    SERVER_PROTOCOL: 'HTTP/1.1',
    HTTP_HOST: 'localhost:8080',
    'gateway.version': [1, 0],
    'gateway.url_scheme': 'http',
    'gateway.input': bytesInput(body),
    'gateway.errors': { write: () => {}, flush: () => {} },
    'gateway.multithread': false,
    'gateway.multiprocess': false,
    'gateway.run_once': false,
    ...overrides,
  };
}

/** What an application did when called directly. */
export interface Called {
  status: string | undefined;
  headers: Header[];
  /** Number of startResponse calls. */
  starts: number;
  chunks: Uint8Array[];
  body: Buffer;
  /** The body object the app returned. */
  returned: unknown;
}

/** Calls an app the way a server does (minus the wire): all of its body, then return(). */
export async function callApp(app: App, environ: Environ = fakeEnviron()): Promise<Called> {
  const called: Called = {
    status: undefined,
    headers: [],
    starts: 0,
    chunks: [],
    body: Buffer.alloc(0),
    returned: undefined,
  };
  const body = app(environ, (status, headers) => {
    called.starts++;
    called.status = status;
    called.headers = headers;
    return (data) => {
      called.chunks.push(data);
    };
  });
  called.returned = body;
  const it =
    Symbol.asyncIterator in body
      ? (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
      : (body as Iterable<Uint8Array>)[Symbol.iterator]();
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      called.chunks.push(r.value);
    }
  } finally {
    await it.return?.();
  }
  called.body = Buffer.concat(called.chunks);
  return called;
}

/** A header's value (case-insensitive name) from a list of pairs. */
export const headerOf = (headers: Header[], name: string): string | undefined =>
  headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

/**
 * A broken rule is named in words, as VALIDATE_RULES or GATEWAY_RULES has it: the message starts
 * "CODE: rule" (README, "Errors").
 */
export function namesRule(error: unknown): void {
  const code = (error as GatewayError).code;
  const words: string | undefined =
    (VALIDATE_RULES as Record<string, string>)[code] ??
    (GATEWAY_RULES as Record<string, string>)[code];
  expect((error as Error).name, hint(4, 'throw GatewayError')).toBe('GatewayError');
  expect(words, hint(4, 'the rules tables hold every rule in words')).toMatch(/[a-z]/);
  expect(
    (error as Error).message.startsWith(`${code}: ${words}`),
    hint(4, 'say which rule: "CODE: rule"'),
  ).toBe(true);
}
/** expectCode, and the error names its rule. */
export const expectRule = (...args: Parameters<typeof expectCode>): void =>
  namesRule(expectCode(...args));
/** expectRejectCode, and the error names its rule. */
export const expectRejectRule = async (
  ...args: Parameters<typeof expectRejectCode>
): Promise<void> => namesRule(await expectRejectCode(...args));

/** An app that starts the response with `status` and `headers`, then returns `body()`. */
export const app =
  (status: string, headers: Header[], body: () => Body): App =>
  (_e, startResponse) => {
    startResponse(status, headers);
    return body();
  };

/** A body that yields each part as UTF-8 bytes. */
export function* gen(...parts: string[]): Generator<Uint8Array> {
  for (const p of parts) yield enc(p);
}
