/**
 * `validate(app)`: middleware that checks both sides of the interface on every request, as
 * Python's wsgiref.validate does, and throws a GatewayError whose code names the broken rule.
 * Put it between a server and an application (or between two middlewares) while developing.
 *
 * A broken rule found while the application runs is thrown to the caller of the function that
 * broke it. One rule can only be seen later — the server never closing the body — and that one
 * goes to `options.onViolation` (default: written to `gateway.errors`).
 */
import { GatewayError } from '../errors.ts';
import type { App, Body, Environ, StartResponse, Write } from '../types.ts';
import { checkEnviron } from './environ.ts';
import { checkResponseHeaders, checkStatus } from './response.ts';
import { checkedErrors, checkedInput } from './streams.ts';

export interface ValidateOptions {
  onViolation?: (error: GatewayError) => void;
}

export function validate(app: App, options: ValidateOptions = {}): App {
  return function validated(this: unknown, environ: Environ, startResponse: StartResponse): Body {
    // biome-ignore lint/complexity/noArguments: the rule is about the number of arguments passed
    if (arguments.length !== 2) throw new GatewayError('ERR_GATEWAY_APP_ARGUMENTS');
    checkEnviron(environ);
    const report =
      options.onViolation ??
      ((error: GatewayError) => environ['gateway.errors'].write(`${error.message}\n`));
    let started = false;
    const checkedStart: StartResponse = function (this: unknown, status, headers, excInfo) {
      // biome-ignore lint/complexity/noArguments: as above
      const n = arguments.length;
      if (n < 2 || n > 3) throw new GatewayError('ERR_GATEWAY_START_RESPONSE_ARGUMENTS');
      const code = checkStatus(status);
      checkResponseHeaders(headers, code);
      if (excInfo !== undefined && !(excInfo instanceof Error)) {
        throw new GatewayError('ERR_GATEWAY_EXC_INFO');
      }
      if (started && excInfo === undefined)
        throw new GatewayError('ERR_GATEWAY_START_RESPONSE_TWICE');
      started = true;
      const write =
        excInfo === undefined
          ? startResponse(status, headers)
          : startResponse(status, headers, excInfo);
      const checkedWrite: Write = (data) => {
        if (!(data instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_WRITE_ARGUMENT');
        write(data);
      };
      return checkedWrite;
    };
    const inner = {
      ...environ,
      'gateway.input': checkedInput(environ['gateway.input']),
      'gateway.errors': checkedErrors(environ['gateway.errors']),
    };
    const body = app(inner, checkedStart);
    if (typeof body === 'string') throw new GatewayError('ERR_GATEWAY_BODY_STRING');
    return checkedBody(body, () => started, report);
  };
}

type AnyIterator = Iterator<Uint8Array> | AsyncIterator<Uint8Array>;

function checkedBody(
  body: unknown,
  started: () => boolean,
  report: (e: GatewayError) => void,
): Body {
  const b = body as Partial<AsyncIterable<Uint8Array> & Iterable<Uint8Array>> | null;
  const isAsync =
    b !== null && typeof b === 'object' && typeof b[Symbol.asyncIterator] === 'function';
  const isSync = b !== null && typeof b === 'object' && typeof b[Symbol.iterator] === 'function';
  if (!isAsync && !isSync) throw new GatewayError('ERR_GATEWAY_BODY_NOT_ITERABLE');
  let iterator: AnyIterator | undefined;
  let closed = false;
  let watching = false;
  const open = (): AnyIterator => {
    iterator ??= isAsync ? b![Symbol.asyncIterator]!() : b![Symbol.iterator]!();
    return iterator;
  };
  /** The body is exhausted or failed: the server must close it now. */
  const watchClose = (): void => {
    if (watching) return;
    watching = true;
    setImmediate(() => {
      if (!closed) report(new GatewayError('ERR_GATEWAY_NOT_CLOSED'));
    });
  };
  const check = (r: IteratorResult<Uint8Array>): IteratorResult<Uint8Array> => {
    if (r.done) watchClose();
    else if (!(r.value instanceof Uint8Array)) throw new GatewayError('ERR_GATEWAY_BODY_CHUNK');
    if (!started()) throw new GatewayError('ERR_GATEWAY_BODY_BEFORE_START');
    return r;
  };
  const next = (): IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>> => {
    if (closed) throw new GatewayError('ERR_GATEWAY_ITERATE_AFTER_CLOSE');
    let step: IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>>;
    try {
      step = open().next();
    } catch (error) {
      watchClose();
      throw error;
    }
    if (step instanceof Promise) {
      return step.then(check, (error: unknown) => {
        watchClose();
        throw error;
      });
    }
    return check(step);
  };
  const close = (): IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>> => {
    closed = true;
    const r = iterator?.return?.();
    return r ?? { done: true, value: undefined };
  };
  if (isAsync) {
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => next(),
        return: async () => close(),
      }),
    };
  }
  return {
    [Symbol.iterator]: () => ({
      next: () => next() as IteratorResult<Uint8Array>,
      return: () => close() as IteratorResult<Uint8Array>,
    }),
  };
}
