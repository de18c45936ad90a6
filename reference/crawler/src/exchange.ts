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
}

const ignore = (): void => {};

/** Thrown when a reused socket closed before any response byte: the request may be retried. */
export class StaleSocketError extends CrawlerError {}

/**
 * Sends `request` on `socket` and reads the response. `done` settles once: with the result, or
 * with the first error (a handler's, the parser's, the deadline's, the socket's, `abort`'s).
 *
 * A class rather than a closure per step: the state of one exchange is its fields, and a
 * request creates one object instead of a dozen functions (which also costs: under tsx every
 * named function expression is renamed with Object.defineProperty when it is created).
 */
export class Exchange {
  readonly done: Promise<ExchangeResult>;
  private resolve!: (result: ExchangeResult) => void;
  private reject!: (error: unknown) => void;
  private readonly parser = new ResponseParser({
    limits: { maxBodyBytes: Number.MAX_SAFE_INTEGER },
  });
  private head: ResponseHead | undefined;
  /** Inside a 1xx response: its end is not the end. */
  private interim = false;
  /** Whether any byte of a response arrived (a stale kept-alive socket closes before any). */
  private received = false;
  private finished = false;
  private readonly timer: NodeJS.Timeout;
  // Socket listeners, kept to be removed. Arrow functions assigned to fields in the constructor
  // (not class fields), so they are anonymous: no renaming cost.
  private readonly onData: (chunk: Buffer) => void;
  private readonly onClose: () => void;

  constructor(
    private readonly socket: Socket,
    request: Uint8Array,
    method: string,
    timeoutMs: number,
    private readonly reused: boolean,
    private readonly handlers: ExchangeHandlers,
  ) {
    this.done = new Promise<ExchangeResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.parser.expectResponseTo(method);
    // One timer for the whole exchange, restarted (refresh) on every chunk: cheaper than a new
    // setTimeout per chunk, and the deadline is the same.
    this.timer = setTimeout(() => {
      const what = this.head === undefined ? 'response head' : 'body bytes';
      this.fail(new CrawlerError('ERR_CRAWLER_TIMEOUT', `no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    this.onData = (chunk) => {
      this.received = true;
      this.timer.refresh();
      this.guard(chunk);
    };
    this.onClose = () => {
      this.guard(undefined);
      if (this.finished) return;
      if (this.reused && !this.received) {
        this.fail(new StaleSocketError('ERR_CRAWLER_CONNECTION', 'kept-alive socket closed'));
      } else {
        this.fail(
          new CrawlerError('ERR_CRAWLER_CONNECTION', 'connection closed before the response ended'),
        );
      }
    };
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', ignore);
    socket.write(request);
  }

  /** Fails the exchange (the socket is destroyed: what is left of the response is unread). */
  abort(error: unknown): void {
    this.fail(error);
  }

  private cleanup(): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
    this.socket.off('error', ignore);
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.cleanup();
    this.socket.destroy();
    this.reject(error);
  }

  private finish(reusable: boolean): void {
    this.cleanup();
    this.resolve({ head: this.head!, reusable });
  }

  /** Feeds a chunk (undefined: the end of the stream) to the parser and handles its events. */
  private guard(chunk: Buffer | undefined): void {
    try {
      this.handle(chunk === undefined ? this.parser.end() : this.parser.push(chunk));
    } catch (error) {
      if (!(error instanceof HttpParseError)) {
        this.fail(error);
        return;
      }
      // The parser's "incomplete message" at end of stream: the server hung up mid-response.
      const code =
        error.code === 'ERR_HTTP_INCOMPLETE_MESSAGE'
          ? 'ERR_CRAWLER_CONNECTION'
          : 'ERR_CRAWLER_PROTOCOL';
      this.fail(new CrawlerError(code, `bad response: ${error.code}`, { cause: error }));
    }
  }

  private handle(events: ReturnType<ResponseParser['push']>): void {
    for (const event of events) {
      if (this.finished) return;
      if (event.type === 'head') {
        if (event.head.status === 101) {
          throw new CrawlerError('ERR_CRAWLER_PROTOCOL', 'unexpected 101 Switching Protocols');
        }
        this.interim = event.head.status < 200;
        if (!this.interim) {
          this.head = event.head;
          this.handlers.onHead(this.head);
        }
      } else if (event.type === 'data') {
        if (!this.interim && !this.handlers.onData(event.data)) {
          this.finish(false);
          return;
        }
      } else if (this.interim) {
        this.interim = false;
      } else {
        this.finish(isKeepAlive(this.head!) && !this.socket.destroyed);
        return;
      }
    }
  }
}
