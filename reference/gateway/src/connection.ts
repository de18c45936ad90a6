/**
 * One TCP connection: bytes in through kata 7's RequestParser, one exchange at a time, responses
 * in request order (RFC 9112 §9.3.2). A request is handed to the application as soon as its head
 * is parsed: the body streams into `gateway.input` while the application runs.
 */
import type { Socket } from 'node:net';
import { BadTarget, type EnvironContext, makeEnviron } from './environ.ts';
import { GatewayError } from './errors.ts';
import { BodyInput } from './input.ts';
import {
  HttpParseError,
  isKeepAlive,
  type ParseEvent,
  type RequestHead,
  RequestParser,
  reasonPhrase,
} from './prereqs.ts';
import { exchange } from './response.ts';
import type { App, Environ, ServeOptions } from './types.ts';
import { httpDate } from './wire.ts';

type Item = { head: RequestHead; input: BodyInput } | { error: number } | { end: true };

/** Stop reading while this many parsed requests wait (pipelining must not buffer without bound). */
const MAX_QUEUED = 16;

export interface Settings {
  app: App;
  options: ServeOptions;
  onError: (error: unknown, environ: Environ | undefined) => void;
  errors: EnvironContext['errors'];
}

export function handleConnection(socket: Socket, settings: Settings): void {
  const { options } = settings;
  const parser = new RequestParser({
    limits: {
      ...(options.maxHeaderBytes === undefined ? {} : { maxHeaderBytes: options.maxHeaderBytes }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    },
  });
  const ctx: EnvironContext = {
    serverName: options.serverName ?? socket.localAddress ?? '127.0.0.1',
    serverPort: socket.localPort ?? 0,
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    urlScheme: options.urlScheme ?? 'http',
    errors: settings.errors,
  };
  const queue: Item[] = [];
  /** The request whose body bytes the parser is delivering now. */
  let receiving: BodyInput | undefined;
  let busy = false;
  let stopped = false;
  let inputFull = false;
  let idleTimer: NodeJS.Timeout | undefined;

  socket.setNoDelay(true);
  const flow = (): void => {
    // Once stopped, read on and drop what comes: the client's FIN must still be seen, or the
    // socket would never close.
    if (!stopped && (inputFull || queue.length >= MAX_QUEUED)) socket.pause();
    else socket.resume();
  };

  /** One parser event: a head queues a request, data and end feed its body input. */
  const take = (event: ParseEvent<RequestHead>): void => {
    if (event.type === 'head') {
      const input = new BodyInput();
      input.onFull = () => {
        inputFull = true;
        flow();
      };
      input.onDrain = () => {
        if (!inputFull) return;
        inputFull = false;
        flow();
      };
      receiving = input;
      queue.push({ head: event.head, input });
    } else if (event.type === 'data') {
      receiving?.push(event.data);
    } else {
      receiving?.finish();
      receiving = undefined;
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (stopped) return;
    clearTimeout(idleTimer);
    try {
      for (const event of parser.push(chunk)) take(event);
    } catch (error) {
      // Unparsable bytes: answer the requests before them (the events this push completed
      // before the error), then the error, then close.
      stopped = true;
      const parsed = error instanceof HttpParseError ? error.events : [];
      for (const event of parsed) take(event as ParseEvent<RequestHead>);
      // A request cut by the bad bytes (in its body, or over maxBodyBytes) is not served when it
      // still waits: the error answers it. One the application already has sees its input fail.
      const cut = queue.findIndex((item) => 'input' in item && item.input === receiving);
      if (cut !== -1) queue.splice(cut, 1);
      receiving?.fail(new GatewayError('ERR_GATEWAY_INPUT_ABORTED', 'bad request bytes'));
      receiving = undefined;
      queue.push({ error: error instanceof HttpParseError ? Number(error.status) : 400 });
    }
    flow();
    void pump();
  });
  socket.on('end', () => {
    // Half-closed by the client: a body cut short will never end; answer what is queued, then close.
    receiving?.fail(new GatewayError('ERR_GATEWAY_INPUT_ABORTED'));
    receiving = undefined;
    queue.push({ end: true });
    void pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    stopped = true;
    clearTimeout(idleTimer);
    receiving?.fail(new GatewayError('ERR_GATEWAY_INPUT_ABORTED'));
    for (const item of queue)
      if ('input' in item) item.input.fail(new GatewayError('ERR_GATEWAY_INPUT_ABORTED'));
  });

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        const item = queue.shift();
        if (item === undefined || socket.destroyed) break;
        flow();
        if ('end' in item) {
          socket.end();
          return;
        }
        if ('error' in item) {
          writeError(item.error);
          return;
        }
        if (!(await serveOne(item.head, item.input))) {
          stopped = true;
          flow();
          socket.end();
          return;
        }
      }
    } finally {
      busy = false;
    }
    if (queue.length === 0 && !socket.destroyed && !stopped) {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => socket.end(), options.keepAliveTimeoutMs ?? 5_000);
    }
  }

  async function serveOne(head: RequestHead, input: BodyInput): Promise<boolean> {
    let environ: Environ;
    try {
      environ = makeEnviron(head, input, ctx);
    } catch (error) {
      if (!(error instanceof BadTarget)) throw error;
      writeError(400);
      return false;
    }
    if (
      head.version === 'HTTP/1.1' &&
      head.headers.get('expect')?.toLowerCase() === '100-continue'
    ) {
      // RFC 9110 §10.1.1: the client waits for this before it sends the body; send it only when
      // the application asks for the body, as PEP 3333 suggests.
      input.onFirstRead = () => {
        if (!socket.destroyed) socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
      };
    }
    const keepAlive = isKeepAlive(head);
    const outcome = await exchange(settings.app, environ, socket, keepAlive, settings.onError);
    input.discard();
    return outcome.reusable;
  }

  function writeError(status: number): void {
    const body = `${reasonPhrase(status) || 'Error'}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\nDate: ${httpDate()}\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n` +
        `Connection: close\r\n\r\n${body}`,
      'latin1',
    );
  }
}
