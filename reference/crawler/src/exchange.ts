/**
 * One request and its response on one socket, read with kata 7's ResponseParser.
 *
 * The parser frames the body (RFC 9112 §6.3: Content-Length, chunked, or until close) and
 * reports interim 1xx responses as messages of their own; this module skips those, hands the
 * final head and each body chunk to the caller, and enforces one deadline that restarts on
 * every byte received (connect is timed by the agent): a server that stalls in the head or
 * in the middle of the body fails the request instead of hanging it.
 */
import type { Socket } from 'node:net';
import { CrawlerError } from './errors.ts';
import { HttpParseError, isKeepAlive, type ResponseHead, ResponseParser } from './prereqs.ts';

export interface ExchangeHandlers {
  /** The final response head. Throw a CrawlerError to abort. */
  onHead(head: ResponseHead): void;
  /** A body chunk (a view: copy it to keep it). Return false to stop reading (the socket is dropped). */
  onData(chunk: Uint8Array): boolean;
}

export interface ExchangeResult {
  head: ResponseHead;
  /** Whether the socket may serve another request. */
  reusable: boolean;
  /** Whether any byte of a response arrived (a stale kept-alive socket closes before any). */
}

/** Thrown when a reused socket closed before any response byte: the request may be retried. */
export class StaleSocketError extends CrawlerError {}

export function exchange(
  socket: Socket,
  request: Uint8Array,
  method: string,
  timeoutMs: number,
  reused: boolean,
  handlers: ExchangeHandlers,
): { done: Promise<ExchangeResult>; abort: (error: unknown) => void } {
  let abort: (error: unknown) => void = () => {};
  const done = new Promise<ExchangeResult>((resolve, reject) => {
    const parser = new ResponseParser({ limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER } });
    parser.expectResponseTo(method);
    let head: ResponseHead | undefined;
    let interim = false;
    let received = false;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;

    const cleanup = (): void => {
      finished = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
    };
    const fail = (error: unknown): void => {
      if (finished) return;
      cleanup();
      socket.destroy();
      reject(error);
    };
    abort = fail;
    // One timer for the whole exchange, restarted (refresh) on every chunk: cheaper than a new
    // setTimeout per chunk, and the deadline is the same.
    const arm = (): void => {
      if (timer !== undefined) {
        timer.refresh();
        return;
      }
      timer = setTimeout(
        () =>
          fail(
            new CrawlerError(
              'ERR_CRAWLER_TIMEOUT',
              `no ${head === undefined ? 'response head' : 'body bytes'} within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    };
    const finish = (reusable: boolean): void => {
      cleanup();
      resolve({ head: head!, reusable });
    };
    const handle = (events: ReturnType<ResponseParser['push']>): void => {
      for (const event of events) {
        if (finished) return;
        if (event.type === 'head') {
          if (event.head.status === 101) {
            throw new CrawlerError('ERR_CRAWLER_PROTOCOL', 'unexpected 101 Switching Protocols');
          }
          interim = event.head.status < 200;
          if (!interim) {
            head = event.head;
            handlers.onHead(head);
          }
        } else if (event.type === 'data') {
          if (!interim && !handlers.onData(event.data)) {
            finish(false);
            return;
          }
        } else if (interim) {
          interim = false;
        } else {
          finish(isKeepAlive(head!) && !socket.destroyed);
          return;
        }
      }
    };
    const guard = (work: () => void): void => {
      try {
        work();
      } catch (error) {
        if (!(error instanceof HttpParseError)) {
          fail(error);
          return;
        }
        // The parser's "incomplete message" at end of stream: the server hung up mid-response.
        const code =
          error.code === 'ERR_HTTP_INCOMPLETE_MESSAGE'
            ? 'ERR_CRAWLER_CONNECTION'
            : 'ERR_CRAWLER_PROTOCOL';
        fail(new CrawlerError(code, `bad response: ${error.code}`, { cause: error }));
      }
    };
    const onData = (chunk: Buffer): void => {
      received = true;
      arm();
      guard(() => handle(parser.push(chunk)));
    };
    const onClose = (): void => {
      guard(() => handle(parser.end()));
      if (finished) return;
      if (reused && !received) {
        fail(new StaleSocketError('ERR_CRAWLER_CONNECTION', 'kept-alive socket closed'));
      } else {
        fail(
          new CrawlerError('ERR_CRAWLER_CONNECTION', 'connection closed before the response ended'),
        );
      }
    };
    const onError = (): void => {};
    socket.on('data', onData);
    socket.on('close', onClose);
    socket.on('error', onError);
    arm();
    socket.write(request);
  });
  return { done, abort: (error) => abort(error) };
}
