/**
 * One TCP connection: bytes in, requests parsed (kata 7's RequestParser), replies written in
 * request order (RFC 9112 §9.3.2: "A server MUST send its responses to those [pipelined]
 * requests in the same order that the requests were received").
 *
 * Persistence (RFC 9112 §9.3): HTTP/1.1 stays open unless either side says `Connection: close`;
 * HTTP/1.0 closes unless the request says `Connection: keep-alive`. After a message that cannot
 * be parsed the byte stream cannot be trusted: answer the requests before it, then the error,
 * then close.
 *
 * No state in which a client can hold the connection forever:
 * - the header timer runs from the first byte of a request head (and from accept) until the
 *   head is complete — a client that trickles a head forever (Slowloris) gets a 408;
 * - the body timer runs from a complete head until its body is complete — a head that promises
 *   `Content-Length: 100` and sends nothing, or trickles a byte a second, gets a 408;
 * - the idle timer closes a keep-alive connection nobody uses;
 * - `send.ts` destroys a connection whose client stops reading for `sendTimeoutMs`.
 */
import type { Socket } from 'node:net';
import type { Settings } from './options.ts';
import { HttpParseError, type ParseEvent, type RequestHead, RequestParser } from './prereqs.ts';
import { type Reply, respond, textReply } from './respond.ts';
import { endSocket, writeReply } from './send.ts';

/** A request whose head is parsed; `complete` once its body (if any) has been read. */
type Item = { head: RequestHead; complete: boolean } | { error: number };

/** Stop reading while this many parsed requests wait: pipelining must not buffer without bound. */
const MAX_QUEUED = 32;

export function handleConnection(socket: Socket, settings: Settings): void {
  const parser = new RequestParser({ limits: { maxHeaderBytes: settings.maxHeaderBytes } });
  const queue: Item[] = [];
  let busy = false;
  let closed = false;
  let failed = false;
  /** Bytes of a request head have arrived and the head is not complete yet. */
  let inHead = false;
  /** The one timer that runs: header, body or idle (they never overlap). */
  let timer: NodeJS.Timeout | undefined;

  socket.setNoDelay(true);

  const stopTimer = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  const startTimer = (ms: number, onTimeout: () => void): void => {
    clearTimeout(timer);
    timer = setTimeout(onTimeout, ms);
  };
  /** The last request's head is parsed and its body is still arriving. */
  const inBody = (): boolean => {
    const last = queue.at(-1);
    return last !== undefined && 'head' in last && !last.complete;
  };
  /**
   * Header or body timeout: §15.5.9 408, the server "would like to shut down this unused
   * connection". Queued after the requests already complete, so their answers keep their order.
   */
  const onRequestTimeout = (): void => {
    timer = undefined;
    failed = true;
    if (inBody()) queue.pop();
    queue.push({ error: 408 });
    void pump();
  };

  /** Queues what the parser completed; a request with a body waits for its 'end'. */
  const take = (events: ParseEvent<RequestHead>[]): void => {
    for (const event of events) {
      if (event.type === 'head') {
        queue.push({ head: event.head, complete: false });
        inHead = false;
        startTimer(settings.bodyTimeoutMs, onRequestTimeout);
      } else if (event.type === 'end') {
        const last = queue.at(-1);
        if (last !== undefined && 'head' in last) last.complete = true;
        stopTimer();
      }
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (failed) return;
    if (!inHead && !inBody()) {
      // The first byte of a new request: idle is over, the header timer starts.
      inHead = true;
      startTimer(settings.headerTimeoutMs, onRequestTimeout);
    }
    try {
      take(parser.push(chunk));
    } catch (error) {
      // Unparsable bytes. The requests completed before them in this chunk are still good
      // (README kata 7: answer them first); then the error, then stop reading.
      if (error instanceof HttpParseError) take(error.events as ParseEvent<RequestHead>[]);
      failed = true;
      stopTimer();
      // A request cut by the bad bytes (inside its body) is not answered: the error replaces it.
      if (inBody()) queue.pop();
      queue.push({ error: error instanceof HttpParseError ? Number(error.status) : 400 });
    }
    if (queue.length >= MAX_QUEUED) socket.pause();
    void pump();
  });
  socket.on('end', () => {
    // The client half-closed (the server allows half-open sockets): answer what is queued,
    // then close our side too. A request cut off in its body will never complete: 400.
    if (failed) return;
    if (inBody()) queue[queue.length - 1] = { error: 400 };
    queue.push({ error: 0 });
    stopTimer();
    inHead = false;
    void pump();
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    closed = true;
    stopTimer();
  });
  inHead = true;
  startTimer(settings.headerTimeoutMs, onRequestTimeout);

  async function pump(): Promise<void> {
    if (busy || closed) return;
    busy = true;
    try {
      for (;;) {
        const item = queue[0];
        if (item === undefined || ('head' in item && !item.complete)) break;
        queue.shift();
        if (queue.length < MAX_QUEUED) socket.resume();
        if ('error' in item) {
          if (item.error === 0) endSocket(socket, settings.sendTimeoutMs);
          else
            await writeReply(
              socket,
              textReply(item.error),
              false,
              undefined,
              settings.sendTimeoutMs,
            );
          return;
        }
        const keepAlive = wantsKeepAlive(item.head);
        let reply: Reply;
        try {
          reply = await respond(item.head, settings);
        } catch {
          reply = textReply(500);
        }
        // Not persistent: stop reading; what follows on this connection is never answered.
        if (!keepAlive) {
          failed = true;
          stopTimer();
        }
        await writeReply(socket, reply, keepAlive, item.head, settings.sendTimeoutMs);
        if (!keepAlive || closed) return;
      }
    } finally {
      busy = false;
    }
    if (queue.length === 0 && !inHead && !closed && !failed) {
      startTimer(settings.keepAliveTimeoutMs, () => {
        timer = undefined;
        endSocket(socket, settings.sendTimeoutMs);
      });
    }
  }
}

/** RFC 9112 §9.3 persistence, from the request's version and Connection options. */
export function wantsKeepAlive(head: RequestHead): boolean {
  const options = (head.headers.get('connection') ?? '')
    .toLowerCase()
    .split(',')
    .map((o: string) => o.trim());
  if (options.includes('close')) return false;
  return head.version === 'HTTP/1.1' || options.includes('keep-alive');
}
