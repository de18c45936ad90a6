/**
 * createApp: routes and middleware on the participant's router, served as a gateway
 * application. One request: match the route, run the middleware then the route's handlers
 * (each awaits `next()` to run the rest: an onion), turn any error into problem details
 * (RFC 9457), and hand status, fields and body to the gateway. A request whose handlers all
 * return without a promise is served without one (see `run` and `gateway`): most of the
 * framework's cost per request was promises and an async generator that had nothing to wait for.
 */
import { FrameworkError, HttpError } from './errors.ts';
import { type App, type Environ, Router, type StartResponse } from './prereqs.ts';
import { RequestObject } from './request.ts';
import { ResponseBuilder } from './response.ts';
import { reason } from './status.ts';
import type { AppOptions, AppRequest, Handler, Outcome, WebApp } from './types.ts';

const enc = new TextEncoder();

/** Re-encodes a decoded path for the router (which decodes parameters itself). */
const encodePath = (path: string): string =>
  path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) => encodeURIComponent(c));

export class Application implements WebApp {
  readonly #router: Router<Handler[]>;
  readonly #middleware: Handler[] = [];
  readonly #options: Required<Pick<AppOptions, 'maxBodyBytes' | 'redirectOrigins'>> & AppOptions;
  /** The gateway application: `serve(app.gateway)`. */
  readonly gateway: App;

  constructor(options: AppOptions = {}) {
    this.#options = {
      ...options,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
      redirectOrigins: options.redirectOrigins ?? [],
    };
    this.#router = new Router<Handler[]>(options.router ?? {});
    this.gateway = (environ: Environ, startResponse: StartResponse) => {
      const pending = this.#respond(environ);
      // The fast path: when every handler returned without a promise (a plain JSON route), the
      // outcome is known now, so start the response and hand the gateway the body itself (for
      // bytes, an array of one chunk, which the gateway sends with the head in one write). An
      // async generator here costs a promise per chunk and one at the end, on every request.
      if (!(pending instanceof Promise)) return start(pending, startResponse);
      return (async function* () {
        yield* start(await pending, startResponse);
      })();
    };
  }

  /** Middleware: runs for every request, before the route's handlers, in the order added. */
  use(...handlers: Handler[]): this {
    this.#middleware.push(...handlers);
    return this;
  }

  /** A route for one method or several; handlers run in order, each may call `next()`. */
  on(method: string | string[], pattern: string, ...handlers: Handler[]): this {
    this.#router.add(method, pattern, handlers);
    return this;
  }

  get(pattern: string, ...handlers: Handler[]): this {
    return this.on('GET', pattern, ...handlers);
  }
  head(pattern: string, ...handlers: Handler[]): this {
    return this.on('HEAD', pattern, ...handlers);
  }
  post(pattern: string, ...handlers: Handler[]): this {
    return this.on('POST', pattern, ...handlers);
  }
  put(pattern: string, ...handlers: Handler[]): this {
    return this.on('PUT', pattern, ...handlers);
  }
  patch(pattern: string, ...handlers: Handler[]): this {
    return this.on('PATCH', pattern, ...handlers);
  }
  delete(pattern: string, ...handlers: Handler[]): this {
    return this.on('DELETE', pattern, ...handlers);
  }
  options(pattern: string, ...handlers: Handler[]): this {
    return this.on('OPTIONS', pattern, ...handlers);
  }

  /** One request, start to end, without a server: what the gateway application runs. */
  async handle(environ: Environ): Promise<Outcome> {
    return this.#respond(environ);
  }

  /** An Outcome, or a promise of it when some handler returned a promise (see `run`). */
  #respond(environ: Environ): Outcome | Promise<Outcome> {
    const req = new RequestObject(environ, this.#options.maxBodyBytes);
    const res = new ResponseBuilder({ redirectOrigins: this.#options.redirectOrigins });
    const target = encodePath(environ.PATH_INFO || '/');
    const match = this.#router.match(req.method, target);
    let tail: Handler[];
    switch (match.status) {
      case 200:
        req.params = match.params;
        req.route = match.route;
        tail = [...match.handler, notFound];
        break;
      case 204:
        tail = [(_q, r) => r.setHeader('Allow', match.allow.join(', ')).empty(204)];
        break;
      case 301:
      case 308:
        tail = [(_q, r) => r.redirect(match.location, match.status)];
        break;
      case 405:
        tail = [
          () => {
            throw new HttpError(405, 'ERR_HTTP_METHOD_NOT_ALLOWED', {
              headers: [['Allow', match.allow.join(', ')]],
            });
          },
        ];
        break;
      case 400:
        tail = [
          () => {
            throw new HttpError(400, 'ERR_HTTP_BAD_REQUEST', { detail: 'malformed path' });
          },
        ];
        break;
      default:
        tail = [notFound];
    }
    const onError = this.#options.onError;
    let pending: Promise<void> | undefined;
    try {
      pending = run(this.#middleware.concat(tail), req, res, 0);
    } catch (error) {
      return failed(error, req, res, onError);
    }
    if (pending === undefined) return finished(req, res, onError);
    return pending.then(
      () => finished(req, res, onError),
      (error: unknown) => failed(error, req, res, onError),
    );
  }
}

const notFound: Handler = () => {
  throw new HttpError(404, 'ERR_HTTP_NOT_FOUND');
};

/**
 * Runs `chain[i]`, whose `next()` runs `chain[i + 1]`, and so on: the onion. Returns undefined
 * when the handler returned something that is not a promise (it finished synchronously, or
 * chose not to wait), else the promise to wait for. A handler that throws throws here. So a
 * chain of synchronous handlers runs without a single promise; `next()` itself always returns
 * one (the Next type), resolved, or rejected with what the rest of the chain threw.
 */
function run(
  chain: Handler[],
  req: AppRequest,
  res: ResponseBuilder,
  i: number,
): Promise<void> | undefined {
  const handler = chain[i];
  if (handler === undefined) return undefined;
  let called = false;
  const result = handler(req, res, () => {
    if (called) {
      return Promise.reject(new FrameworkError('ERR_FRAMEWORK_NEXT_TWICE', 'next() called twice'));
    }
    called = true;
    try {
      return run(chain, req, res, i + 1) ?? Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  });
  return isThenable(result) ? Promise.resolve(result).then(() => undefined) : undefined;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | null)?.then === 'function';

/** Starts the response (PEP 3333: before the first chunk) and returns the body. */
function start(
  outcome: Outcome,
  startResponse: StartResponse,
): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  startResponse(`${outcome.status} ${reason(outcome.status)}`, outcome.headers);
  return outcome.body;
}

/** The chain has returned: its response, or a 500 when it chose none. */
function finished(req: AppRequest, res: ResponseBuilder, onError: AppOptions['onError']): Outcome {
  if (res.sent) return outcome(res);
  return failed(new Error('the handlers chose no response'), req, res, onError);
}

/** The chain threw: the problem details it turns into. */
function failed(
  error: unknown,
  req: AppRequest,
  res: ResponseBuilder,
  onError: AppOptions['onError'],
): Outcome {
  problem(error, req, res, onError);
  return outcome(res);
}

/** Any error becomes problem details; only HttpErrors say what went wrong. */
function problem(
  error: unknown,
  req: AppRequest,
  res: ResponseBuilder,
  onError: AppOptions['onError'],
): void {
  const http = error instanceof HttpError ? error : new HttpError(500, 'ERR_HTTP_INTERNAL');
  if (!(error instanceof HttpError)) onError?.(error, req);
  res.reset();
  for (const [name, value] of http.headers) res.appendHeader(name, value);
  res.setHeader('Content-Type', 'application/problem+json');
  res.send(
    JSON.stringify({
      type: 'about:blank',
      title: reason(http.status),
      status: http.status,
      ...(http.detail === undefined ? {} : { detail: http.detail }),
      ...withoutStandardMembers(http.extensions),
    }),
    http.status,
  );
}

/** Extension members never replace the standard ones (RFC 9457 §3.2). */
function withoutStandardMembers(extensions: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extensions)) {
    if (!['type', 'title', 'status', 'detail', 'instance'].includes(key)) out[key] = value;
  }
  return out;
}

function outcome(res: ResponseBuilder): Outcome {
  const headers = res.headerList;
  const body = res.body;
  if (body === undefined || body.kind === 'bytes') {
    const bytes = body?.bytes ?? new Uint8Array(0);
    const status = res.statusCode;
    if (status !== 204 && status !== 304) headers.push(['Content-Length', String(bytes.length)]);
    return { status, headers, body: bytes.length === 0 ? [] : [bytes] };
  }
  const chunks = body.chunks;
  return {
    status: res.statusCode,
    headers,
    body: (async function* () {
      for await (const chunk of chunks) {
        const bytes = typeof chunk === 'string' ? enc.encode(chunk) : chunk;
        if (bytes.length > 0) yield bytes;
      }
    })(),
  };
}

/** A new application (README §1). */
export function createApp(options: AppOptions = {}): WebApp {
  return new Application(options);
}
