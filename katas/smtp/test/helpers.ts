/**
 * The peers every spec talks to, all on 127.0.0.1 port 0, all closed after each test:
 *
 * - `startServer(options)`: smtp-server (a production SMTP server on npm), configured per test;
 *   `messages` holds every message it accepted (envelope and raw bytes as received);
 * - `fakeServer(options)`: a raw node:net server for what smtp-server will not do (broken
 *   replies, HELO-only servers, silence, exact bytes): it records every byte it receives;
 * - `connect(options)`: SmtpClient.connect, remembered so the test's clients are closed too;
 * - `later(ms)`: a delay whose timer is cleared after the test.
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { handleCensus, settledHandles } from '@hbu/kata-kit/handles';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type ClientOptions, SmtpClient } from '../src/index.ts';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpPeer {
  port: number;
  messages: Received[];
  /** How many connections the server accepted. */
  connections: () => number;
}

const cleanups: Array<() => Promise<void> | void> = [];

async function runCleanups(): Promise<void> {
  const work = cleanups.splice(0).reverse();
  for (const fn of work) {
    try {
      await fn();
    } catch {
      // a stub's close() throws NotImplemented; the socket is closed by the server below
    }
  }
}

const WATCHED = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];

/**
 * Call once at the top of every spec file that uses these peers (spec files share a module
 * graph, so this cannot happen on import): closes the test's servers, clients and timers after
 * each test, and fails the file if a socket, server or timer it started outlives it.
 */
export function useSmtpHarness(): void {
  let baseline: Record<string, number> = {};
  beforeAll(() => {
    baseline = handleCensus(WATCHED);
  });
  afterEach(runCleanups);
  afterAll(async () => {
    await runCleanups();
    const left = await settledHandles(baseline, 200);
    expect(
      left.filter((entry) => !entry.endsWith('Timeout')),
      hint(2, 'every socket and server is closed after the tests (close() your clients)'),
    ).toEqual([]);
    expect(
      left.filter((entry) => entry.endsWith('Timeout')),
      hint(4, 'every timer you start is cleared (reply timeouts)'),
    ).toEqual([]);
  });
}

/** Resolves after `ms`; the timer never outlives the test. */
export function later(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    cleanups.push(() => clearTimeout(timer));
  });
}

/** A refusal for smtp-server's callbacks: `callback(refuse(550, '5.1.1 no such user'))`. */
export function refuse(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

type ServerOptions = Omit<SMTPServerOptions, 'onData'> & {
  /** Called with each message after it was read; return an Error (see refuse) to refuse it. */
  accept?: (message: Received) => Error | undefined | Promise<Error | undefined>;
};

/** smtp-server on 127.0.0.1:0, no TLS, no AUTH, quiet. */
export async function startServer(options: ServerOptions = {}): Promise<SmtpPeer> {
  const messages: Received[] = [];
  let connections = 0;
  const { accept, onConnect, ...rest } = options;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    closeTimeout: 50,
    ...rest,
    onConnect(session, callback) {
      connections++;
      if (onConnect) onConnect(session, callback);
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const message: Received = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        };
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(refuse(552, 'message exceeds fixed maximum message size'));
          return;
        }
        const refusal = accept ? await accept(message) : undefined;
        if (refusal === undefined) messages.push(message);
        callback(refusal ?? null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, connections: () => connections };
}

/** Opens a client that the test's cleanup closes. */
export async function connect(options: ClientOptions): Promise<SmtpClient> {
  const client = await SmtpClient.connect({
    timeouts: { connect: 2000, greeting: 2000 },
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

export interface FakeOptions {
  /** Close every connection at once, before any greeting (a server that hangs up). */
  hangUp?: boolean;
  /** The greeting as raw text ('' for none). Default "220 fake.test ESMTP ready\r\n". */
  greeting?: string;
  /** The keywords the EHLO reply announces (default none: a one-line 250). */
  extensions?: string[];
  /**
   * The reply to a command line (or to "." at the end of the data), as raw text with its CRLF;
   * '' sends nothing; undefined leaves the default reply. May be async (delays).
   */
  reply?: (line: string, peer: FakePeer) => string | undefined | Promise<string | undefined>;
}

export interface FakePeer {
  port: number;
  /** Every byte received, on every connection, in order. */
  raw: () => Buffer;
  /** Every command line, with the number of replies the server had sent when it arrived. */
  log: Array<{ line: string; repliesBefore: number }>;
  /** Every data section received: the bytes after the 354, the final "." CRLF included. */
  data: Buffer[];
  /** How many connections it accepted. */
  connections: () => number;
  /** Destroys every connection (a server gone away). */
  drop: () => void;
  /** Stops reading from every connection: what the client writes piles up in its socket. */
  stopReading: () => void;
  /** Resets every connection (TCP RST: the client reads ECONNRESET). */
  reset: () => void /** Writes raw text to every connection, outside the reply hook (a reply sent piece by piece). */;
  write: (text: string) => void;
}

const DEFAULTS: Record<string, string> = {
  HELO: '250 fake.test\r\n',
  MAIL: '250 2.1.0 Ok\r\n',
  RCPT: '250 2.1.5 Ok\r\n',
  DATA: '354 End data with <CR><LF>.<CR><LF>\r\n',
  '.': '250 2.0.0 Ok: queued\r\n',
  RSET: '250 2.0.0 Ok\r\n',
  NOOP: '250 2.0.0 Ok\r\n',
  QUIT: '221 2.0.0 Bye\r\n',
};

/** A scripted SMTP server on raw node:net. */
export async function fakeServer(options: FakeOptions = {}): Promise<FakePeer> {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const peer: FakePeer = {
    port: 0,
    raw: () => Buffer.concat(received),
    log: [],
    data: [],
    connections: () => connections,
    drop: () => {
      for (const s of sockets) s.destroy();
    },
    stopReading: () => {
      for (const s of sockets) s.pause();
    },
    reset: () => {
      for (const s of sockets) s.resetAndDestroy();
    },
    write: (text) => {
      for (const s of sockets) if (!s.destroyed) s.write(text);
    },
  };
  const ehlo = (): string => {
    const lines = ['fake.test greets you', ...(options.extensions ?? [])];
    return lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
  };
  const server: Server = createServer((socket) => {
    connections++;
    if (options.hangUp) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let sent = 0;
    let buffer = Buffer.alloc(0);
    let mode: 'command' | 'data' = 'command';
    let chain = Promise.resolve();
    const send = (text: string): void => {
      if (text === '' || socket.destroyed) return;
      sent++;
      socket.write(text);
    };
    const answer = async (line: string): Promise<void> => {
      const verb = line === '.' ? '.' : (line.split(' ')[0] ?? '').toUpperCase();
      const custom = options.reply ? await options.reply(line, peer) : undefined;
      const text = custom ?? (verb === 'EHLO' ? ehlo() : (DEFAULTS[verb] ?? '500 5.5.2 What?\r\n'));
      send(text);
      if (verb === 'DATA' && /(^|\n)354[ -]/.test(text)) mode = 'data';
      if (verb === 'QUIT' && custom === undefined) socket.end();
    };
    const drain = async (before: number): Promise<void> => {
      for (;;) {
        if (mode === 'data') {
          let end = -1;
          if (buffer.subarray(0, 3).toString('latin1') === '.\r\n') end = 3;
          else {
            const at = buffer.indexOf('\r\n.\r\n');
            if (at !== -1) end = at + 5;
          }
          if (end === -1) return;
          peer.data.push(buffer.subarray(0, end));
          buffer = buffer.subarray(end);
          mode = 'command';
          await answer('.');
          continue;
        }
        const at = buffer.indexOf('\r\n');
        if (at === -1) return;
        const line = buffer.subarray(0, at).toString('utf8');
        buffer = buffer.subarray(at + 2);
        peer.log.push({ line, repliesBefore: before });
        await answer(line);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      const before = sent;
      chain = chain.then(() => drain(before)).catch(() => undefined);
    });
    send(options.greeting ?? '220 fake.test ESMTP ready\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(async () => {
    peer.drop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  peer.port = (server.address() as AddressInfo).port;
  return peer;
}

/** A port with nothing listening on it. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A minimal message: one header and a line of text. */
export function simpleMessage(text = 'Hello.'): string {
  return `Subject: test\r\n\r\n${text}\r\n`;
}

/** Removes dot-stuffing and the terminator from data bytes (RFC 5321 §4.5.2, receiver side). */
export function unstuff(data: Buffer): string {
  const text = data.toString('utf8');
  const body = text === '.\r\n' ? '' : text.slice(0, -3);
  return body
    .split('\r\n')
    .map((l) => (l.startsWith('.') ? l.slice(1) : l))
    .join('\r\n');
}

/** Decodes RFC 2047 encoded words (B and Q, UTF-8), dropping whitespace between adjacent ones. */
export function decodeWords(text: string): string {
  const word = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const joined = text.replace(/(\?=)[ \t]+(?==\?)/g, '$1');
  return joined.replace(word, (_, _charset: string, enc: string, body: string) => {
    const bytes =
      enc.toUpperCase() === 'B'
        ? Buffer.from(body, 'base64')
        : Buffer.from(
            body
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) =>
                String.fromCharCode(Number.parseInt(h, 16)),
              ),
            'latin1',
          );
    return bytes.toString('utf8');
  });
}

/** For a fake server's reply: wait, then give the default reply. */
export async function pause(ms: number): Promise<undefined> {
  await later(ms);
  return undefined;
}

/** The header section of a composed message (before the first empty line). */
export const headerOf = (message: string): string => message.slice(0, message.indexOf('\r\n\r\n'));

/** The body of a composed message (after the first empty line). */
export const bodyOf = (message: string): string => message.slice(message.indexOf('\r\n\r\n') + 4);

/** The unfolded header line of the field `name` (any case), or undefined. */
export const field = (message: string, name: string): string | undefined =>
  headerOf(message)
    .replace(/\r\n(?=[ \t])/g, '')
    .split('\r\n')
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
