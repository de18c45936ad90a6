import type { Server, Socket } from 'node:net';

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
