/**
 * sockets: TCP and UDP on `node:net` and `node:dgram`, IP addresses, names.
 *
 * This file is yours. The names, types and signatures below are final: the specs import them.
 * Replace each `notImplemented(…)` with your code, stage by stage (README.md), and split the
 * work into more files under src/ whenever it helps (the reference has one per concern).
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
// biome-ignore-all lint/correctness/noUnusedPrivateClassMembers: the stub's decoder keeps no state yet.

import type { Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// ---------------------------------------------------------------------------------------------
// Errors: ready to use. Every failure is one of these classes with a stable `code`.
// ---------------------------------------------------------------------------------------------

/** Codes of LineError: framing and line-connection failures. */
export type LineErrorCode =
  /** A line longer than `maxLineLength` bytes (its terminator not counted). */
  | 'ERR_LINE_TOO_LONG'
  /** A line to send that contains CR or LF: it would become two lines on the wire. */
  | 'ERR_LINE_INVALID'
  /** The peer closed the connection and no line is left to read. */
  | 'ERR_CONNECTION_CLOSED'
  /** No complete line arrived within the read timeout. */
  | 'ERR_READ_TIMEOUT';

export class LineError extends Error {
  override readonly name = 'LineError';
  readonly code: LineErrorCode;

  constructor(code: LineErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Codes of UdpError. */
export type UdpErrorCode =
  /** No reply after the first attempt and every retry. */
  | 'ERR_UDP_TIMEOUT'
  /** A payload that does not fit one UDP datagram with the request id. */
  | 'ERR_UDP_TOO_LARGE'
  /** The client was closed while a request was waiting. */
  | 'ERR_UDP_CLOSED';

export class UdpError extends Error {
  override readonly name = 'UdpError';
  readonly code: UdpErrorCode;

  constructor(code: UdpErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Thrown by the address functions for text that is not an address in the strict form. */
export class AddressError extends Error {
  override readonly name = 'AddressError';
  readonly code = 'ERR_ADDRESS_INVALID';
}

/** Codes of NameError: name resolution and connection establishment. */
export type NameErrorCode =
  /** Not a host name at all (empty, too long, a bad character): no lookup was made. */
  | 'ERR_NAME_INVALID'
  /** The name has no address (of the family asked for). */
  | 'ERR_NAME_NOT_FOUND'
  /** Every connection attempt failed. */
  | 'ERR_CONNECT_FAILED'
  /** No attempt succeeded within `timeoutMs`. */
  | 'ERR_CONNECT_TIMEOUT';

export class NameError extends Error {
  override readonly name = 'NameError';
  readonly code: NameErrorCode;
  /** The errors of the failed attempts (connectHappy), in the order they failed. */
  readonly errors: Error[];

  constructor(code: NameErrorCode, message: string, errors: Error[] = []) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** One client of a line server, as its handler sees it. */
export interface LineConnection {
  /** 1, 2, 3… in the order the server accepted the connections. */
  readonly id: number;
  /** The TCP socket underneath (for its address, or `writableLength`). */
  readonly socket: Socket;
  /**
   * Sends one line (CRLF added). Returns what `socket.write` returned: false means "the peer is
   * not keeping up, stop producing" (the data is still queued); false too if the socket is gone.
   */
  send(line: string): boolean;
  /** Ends the connection after what was sent; with a reason, first sends `ERR <reason>`. */
  close(reason?: string): void;
}

/** Called once per received line, in order; the next line waits for a returned promise. */
export type LineHandler = (line: string, conn: LineConnection) => void | Promise<void>;

export interface LineServerOptions {
  /** The longest line accepted, in bytes (default 8192). Longer: `ERR line-too-long`, close. */
  maxLineLength?: number;
  /** Close a connection silent in both directions for this long: `ERR idle-timeout`. */
  idleTimeoutMs?: number;
  /** Close a connection whose current line is not complete this long after its first byte: `ERR line-timeout`. */
  lineTimeoutMs?: number;
  /** Stop reading a client while this many bytes (default 64 KiB) wait to be sent to it. */
  highWaterMark?: number;
  /** Called when a connection is accepted, before its first line. */
  onConnect?: (conn: LineConnection) => void;
  /** Called once when a connection has closed. */
  onClose?: (conn: LineConnection) => void;
}

/** A `net.Server` (listen it yourself) that can also shut down gracefully. */
export interface LineServer extends Server {
  /**
   * Stops accepting, lets every connection finish the lines it has already received (their
   * replies are sent), then ends it. Connections still open after `graceMs` (default 5000) are
   * destroyed. Resolves once the server is closed.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/** A line-protocol client. */
export interface LineClient {
  readonly socket: Socket;
  /** Sends one line (CRLF added); returns what `socket.write` returned. */
  send(line: string): boolean;
  /** The next line received. Rejects with LineError ERR_CONNECTION_CLOSED or ERR_READ_TIMEOUT. */
  readLine(timeoutMs?: number): Promise<string>;
  /** `send(line)` then `readLine()`. */
  request(line: string, timeoutMs?: number): Promise<string>;
  /** Half-closes: no more lines from us, replies still readable. */
  end(): void;
  /** Destroys the connection. */
  close(): void;
}

export interface LineClientOptions {
  /** The longest line accepted from the server (default 8192): longer rejects the read. */
  maxLineLength?: number;
  /** The default timeout of `readLine` (default 5000 ms). */
  timeoutMs?: number;
}

export interface TimeServerOptions {
  /** The clock (default: `() => new Date()`). */
  now?: () => Date;
}

export interface ChatServerOptions {
  /** Disconnect a member with more than this many bytes (default 1 MiB) waiting to be sent to it. */
  maxBufferedBytes?: number;
  /** As for createLineServer. */
  idleTimeoutMs?: number;
  maxLineLength?: number;
}

export interface UdpClientOptions {
  port: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** How long one attempt waits for its reply (default 200 ms). */
  timeoutMs?: number;
  /** How many times a request is sent again after a timeout (default 3). */
  retries?: number;
}

export interface UdpClient {
  /** Sends `payload` and resolves with the echoed payload of this very request. */
  request(payload: Uint8Array): Promise<Buffer>;
  /** Closes the socket; pending requests reject with ERR_UDP_CLOSED. */
  close(): void;
}

/** An IP address: 4 bytes (IPv4) or 16 (IPv6), network order; IPv6 may carry a zone. */
export interface IPAddress {
  family: 4 | 6;
  bytes: Uint8Array;
  /** The RFC 4007 zone ("eth0" in "fe80::1%eth0"), IPv6 only. */
  zone?: string | undefined;
}

/** What an address is for; `global` is everything else. */
export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'global';

/** What the resolver's lookup returns: getaddrinfo's answer, as `dns.promises.lookup(…, { all: true })`. */
export type LookupFunction = (name: string) => Promise<Array<{ address: string; family: number }>>;

export interface ResolveOptions {
  /** Only addresses of this family (0, the default: both). */
  family?: 0 | 4 | 6;
  /** The family to put first (default 6, RFC 8305 §4 / RFC 6724). */
  prefer?: 4 | 6;
  /** The lookup (default: `dns.promises.lookup(name, { all: true, order: 'verbatim' })`). */
  lookup?: LookupFunction;
}

/** How connectHappy opens one attempt (default: `net.connect`). */
export type ConnectFunction = (options: { host: string; port: number; family: 4 | 6 }) => Socket;

export interface ConnectOptions extends ResolveOptions {
  /** RFC 8305 §5 "Connection Attempt Delay" (default 250 ms). */
  attemptDelayMs?: number;
  /** Give up after this long (default 10 000 ms): ERR_CONNECT_TIMEOUT. */
  timeoutMs?: number;
  connect?: ConnectFunction;
}

// ---------------------------------------------------------------------------------------------
// 1. Lines
// ---------------------------------------------------------------------------------------------

export interface LineDecoderOptions {
  /** The longest line accepted, in bytes, terminator not counted (default 8192). */
  maxLineLength?: number;
}

/**
 * Cuts a byte stream into lines. A line ends at LF; a CR right before that LF belongs to the
 * terminator (CRLF). Lines are decoded as UTF-8 once complete. Chunks may split a line, or a
 * UTF-8 character, anywhere, and one chunk may hold many lines.
 */
export class LineDecoder {
  readonly maxLineLength: number;

  constructor(options: LineDecoderOptions = {}) {
    this.maxLineLength = options.maxLineLength ?? 8192;
    // TODO: the state of an unfinished line.
  }

  /** Bytes held for a line that has not ended yet: never more than maxLineLength + 1. */
  get buffered(): number {
    return notImplemented('LineDecoder.buffered', 1);
  }

  /**
   * Feeds one chunk; returns the lines it completed, terminators removed. Throws LineError
   * ERR_LINE_TOO_LONG as soon as a line is known to exceed maxLineLength, without buffering it.
   */
  push(chunk: Uint8Array): string[] {
    return notImplemented('LineDecoder.push', 1);
  }

  /** The end of the stream: the unterminated rest as a last line, or undefined if none. */
  end(): string | undefined {
    return notImplemented('LineDecoder.end', 1);
  }
}

/** One line as bytes on the wire: UTF-8 and CRLF. LineError ERR_LINE_INVALID if it holds CR or LF. */
export function encodeLine(line: string): Buffer {
  return notImplemented('encodeLine', 1);
}

// ---------------------------------------------------------------------------------------------
// 2. A line server   3. A line client
// ---------------------------------------------------------------------------------------------

/**
 * A TCP server (not listening yet) that calls `handler` once per received line, in order, one
 * line at a time per connection. See README §2 for backpressure, half-close, timeouts, shutdown.
 */
export function createLineServer(
  handler: LineHandler,
  options: LineServerOptions = {},
): LineServer {
  return notImplemented('createLineServer', 2);
}

/** Connects to a line server. Rejects with the connect error (ECONNREFUSED…) if it cannot. */
export function connectLines(
  port: number,
  host = '127.0.0.1',
  options: LineClientOptions = {},
): Promise<LineClient> {
  return notImplemented('connectLines', 3);
}

// ---------------------------------------------------------------------------------------------
// 4. Services
// ---------------------------------------------------------------------------------------------

/** RFC 862 Echo over TCP: every byte received is sent back, no framing. */
export function createEchoServer(): Server {
  return notImplemented('createEchoServer', 4);
}

/** RFC 3339 in UTC, whole seconds: "2026-12-02T15:51:57Z". */
export function formatDaytime(date: Date): string {
  return notImplemented('formatDaytime', 4);
}

/** RFC 867 Daytime: on connect, send `formatDaytime(now())` and CRLF, then close. */
export function createTimeServer(options: TimeServerOptions = {}): Server {
  return notImplemented('createTimeServer', 4);
}

/** The chat room of README §4, on your line server. */
export function createChatServer(options: ChatServerOptions = {}): LineServer {
  return notImplemented('createChatServer', 4);
}

// ---------------------------------------------------------------------------------------------
// 5. UDP
// ---------------------------------------------------------------------------------------------

/** A udp4 socket (not bound yet) that sends every datagram back to its sender, as is. */
export function createUdpEchoServer(): UdpSocket {
  return notImplemented('createUdpEchoServer', 5);
}

/**
 * A client of the UDP echo service: each request is one datagram, a 4-byte big-endian request
 * id then the payload; replies are matched by id, sent again after `timeoutMs`, `retries` times.
 */
export function createUdpClient(options: UdpClientOptions): UdpClient {
  return notImplemented('createUdpClient', 5);
}

// ---------------------------------------------------------------------------------------------
// 6. Addresses
// ---------------------------------------------------------------------------------------------

/** Dotted decimal, four octets 0-255 without leading zeros. AddressError otherwise. */
export function parseIPv4(text: string): IPAddress {
  return notImplemented('parseIPv4', 6);
}

/** Any RFC 4291 §2.2 text form, with an optional RFC 4007 zone. AddressError otherwise. */
export function parseIPv6(text: string): IPAddress {
  return notImplemented('parseIPv6', 6);
}

/** parseIPv6 if the text has a ":", parseIPv4 otherwise. */
export function parseIP(text: string): IPAddress {
  return notImplemented('parseIP', 6);
}

/** The canonical text: dotted decimal, or RFC 5952 for IPv6 (zone kept). */
export function formatIP(address: IPAddress): string {
  return notImplemented('formatIP', 6);
}

/** What the address is for (README §6 has the table). Text is parsed strictly first. */
export function classify(address: string | IPAddress): AddressClass {
  return notImplemented('classify', 6);
}

/** True only when `classify` says 'global'. */
export function isPublic(address: string | IPAddress): boolean {
  return notImplemented('isPublic', 6);
}

// ---------------------------------------------------------------------------------------------
// 7. Names
// ---------------------------------------------------------------------------------------------

/**
 * The addresses of a host name, canonical text, without duplicates, ordered as RFC 8305 §4
 * says: the preferred family first, then alternating. An IP literal resolves to itself.
 */
export function resolveAll(name: string, options: ResolveOptions = {}): Promise<string[]> {
  return notImplemented('resolveAll', 7);
}

/** RFC 8305 Happy Eyeballs: the first connection to succeed among the resolved addresses. */
export function connectHappy(
  name: string,
  port: number,
  options: ConnectOptions = {},
): Promise<Socket> {
  return notImplemented('connectHappy', 7);
}
