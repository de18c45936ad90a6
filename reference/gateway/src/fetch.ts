/**
 * Adapters between the gateway interface and the fetch-handler shape of Hono, Deno, Bun and
 * Workers: `(request: Request) => Response | Promise<Response>`.
 *
 * - `toFetchHandler(app)`: run a gateway application where a fetch handler is expected;
 * - `fromFetchHandler(handler)`: run a fetch handler (a Hono app's `fetch`) behind `serve`.
 */
import { GatewayError } from './errors.ts';
import { BodyInput } from './input.ts';
import { reasonPhrase } from './prereqs.ts';
import { HOP_BY_HOP, parseStatus } from './status-headers.ts';
import type { App, Body, Environ, ErrorStream, Header, StartResponse } from './types.ts';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

const VERSION = Object.freeze([1, 0] as const);
const stderrErrors: ErrorStream = {
  write: (text) => {
    process.stderr.write(text);
  },
  flush: () => {},
};

/**
 * Percent-encodes what cannot stand in a path as it is (the inverse of PATH_INFO decoding). The
 * `u` flag matters: without it an astral character is two halves, and each half alone is a URIError.
 */
const encodePath = (path: string): string =>
  path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) => encodeURIComponent(c));

function environFromRequest(request: Request): Environ {
  const url = new URL(request.url);
  const input = new BodyInput();
  void (async () => {
    try {
      if (request.body !== null) {
        for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>)
          input.push(chunk);
      }
      input.finish();
    } catch (error) {
      input.fail(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  const environ: Environ = {
    REQUEST_METHOD: request.method,
    SCRIPT_NAME: '',
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    SERVER_NAME: url.hostname,
    SERVER_PORT: url.port || (url.protocol === 'https:' ? '443' : '80'),
    SERVER_PROTOCOL: 'HTTP/1.1',
    'gateway.version': VERSION,
    'gateway.url_scheme': url.protocol === 'https:' ? 'https' : 'http',
    'gateway.input': input,
    'gateway.errors': stderrErrors,
    'gateway.multithread': false,
    'gateway.multiprocess': false,
    'gateway.run_once': false,
    'gateway.input_terminated': true,
  };
  request.headers.forEach((value, name) => {
    if (name === 'content-type') environ.CONTENT_TYPE = value;
    else if (name === 'content-length') environ.CONTENT_LENGTH = value;
    else if (!name.includes('_') && name !== 'proxy') {
      environ[`HTTP_${name.toUpperCase().replaceAll('-', '_')}`] = value;
    }
  });
  return environ;
}

/** A gateway application as a fetch handler. The Response is built once the head is known. */
export function toFetchHandler(app: App): FetchHandler {
  return async (request) => {
    const environ = environFromRequest(request);
    let status: string | undefined;
    let headers: Header[] = [];
    const written: Uint8Array[] = [];
    const startResponse: StartResponse = (s, h, excInfo) => {
      if (excInfo === undefined && status !== undefined) {
        throw new GatewayError('ERR_GATEWAY_START_RESPONSE_TWICE');
      }
      parseStatus(s);
      status = s;
      headers = h;
      return (data) => {
        written.push(data);
      };
    };
    const body: Body = app(environ, startResponse);
    const iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array> =
      Symbol.asyncIterator in body
        ? (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (body as Iterable<Uint8Array>)[Symbol.iterator]();
    const close = async (): Promise<void> => {
      await iterator.return?.();
    };
    // Run the application up to its first non-empty chunk: only then are status and fields final.
    let first: Uint8Array | undefined;
    try {
      for (;;) {
        const r = await iterator.next();
        if (r.done) break;
        if (r.value.length > 0) {
          first = r.value;
          break;
        }
      }
    } catch (error) {
      await close();
      throw error;
    }
    if (status === undefined) {
      await close();
      throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    }
    const code = Number(status.slice(0, 3));
    const init: ResponseInit = { status: code, statusText: status.slice(4), headers };
    // A 204 or 304 has no body (RFC 9110 §15.3.5, §15.4.5): nothing will pull the rest, so the
    // body is closed now, as it is when there is nothing to send.
    const noBody = code === 204 || code === 304;
    if (noBody || (first === undefined && written.length === 0)) {
      await close();
      return new Response(noBody ? null : new Uint8Array(0), init);
    }
    const pending = [...written, ...(first === undefined ? [] : [first])];
    let ended = first === undefined;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = pending.shift();
        if (next !== undefined) return controller.enqueue(next);
        if (ended) {
          await close();
          return controller.close();
        }
        try {
          for (;;) {
            const r = await iterator.next();
            if (r.done) {
              ended = true;
              await close();
              return controller.close();
            }
            if (r.value.length > 0) return controller.enqueue(r.value);
          }
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      async cancel() {
        await close();
      },
    });
    return new Response(stream, init);
  };
}

/** The URL of the request an environ describes (PEP 3333 "URL Reconstruction"). */
export function requestUrl(environ: Environ): string {
  const scheme = environ['gateway.url_scheme'];
  let host = environ.HTTP_HOST as string | undefined;
  if (host === undefined) {
    host = environ.SERVER_NAME;
    const port = environ.SERVER_PORT;
    if (!((scheme === 'https' && port === '443') || (scheme === 'http' && port === '80'))) {
      host += `:${port}`;
    }
  }
  const path = encodePath(environ.SCRIPT_NAME + environ.PATH_INFO);
  const query = environ.QUERY_STRING ? `?${environ.QUERY_STRING}` : '';
  return `${scheme}://${host}${path}${query}`;
}

/** A fetch handler as a gateway application. */
export function fromFetchHandler(handler: FetchHandler): App {
  return (environ, startResponse) =>
    (async function* () {
      const headers = new Headers();
      for (const [key, value] of Object.entries(environ)) {
        if (key.startsWith('HTTP_') && typeof value === 'string') {
          headers.append(key.slice(5).replaceAll('_', '-').toLowerCase(), value);
        }
      }
      if (environ.CONTENT_TYPE) headers.set('content-type', environ.CONTENT_TYPE);
      if (environ.CONTENT_LENGTH) headers.set('content-length', environ.CONTENT_LENGTH);
      const method = environ.REQUEST_METHOD;
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const input = environ['gateway.input'];
      const init: RequestInit & { duplex?: 'half' } = { method, headers };
      if (hasBody) {
        init.body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            const chunk = await input.read(64 * 1024);
            if (chunk.length === 0) controller.close();
            else controller.enqueue(chunk);
          },
        });
        init.duplex = 'half';
      }
      const response = await handler(new Request(requestUrl(environ), init));
      const out: Header[] = [];
      response.headers.forEach((value, name) => {
        if (name === 'set-cookie' || HOP_BY_HOP.has(name)) return;
        out.push([name, value]);
      });
      for (const cookie of response.headers.getSetCookie()) out.push(['set-cookie', cookie]);
      const reason = response.statusText || reasonPhrase(response.status);
      startResponse(`${response.status} ${reason}`, out);
      if (response.body === null) return;
      const reader = response.body.getReader();
      try {
        for (;;) {
          const r = await reader.read();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        // Closed early (the client went away): cancel the handler's stream too.
        await reader.cancel().catch(() => {});
      }
    })();
}
