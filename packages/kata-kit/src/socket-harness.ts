/**
 * The socket test harness shared by every server kata (static-server, cgi-runner, gateway) and
 * by the crawler's test servers.
 *
 * - `listen(factory)` starts a server on port 0 on 127.0.0.1 and remembers it;
 * - `connect(port)` opens a raw TCP socket with timed reads (`readResponse`, `readUntilClose`);
 * - `exchange(port, bytes)` sends raw bytes and returns the raw bytes the server answered;
 * - `request(port, …)` / `fetchFrom(server, path)` speak HTTP through the harness or Node's fetch;
 * - `closeAll()` (installed as an `afterEach` by `useSocketHarness(afterEach)`) destroys every socket and
 *   server the test opened, so a participant's server that never closes a connection cannot hang
 *   the suite.
 *
 * Every read has a deadline. A server that never answers fails the test with a message that says
 * what was sent and what (if anything) came back, instead of hitting the vitest timeout.
 */
import { readdirSync } from 'node:fs';
import { connect as netConnect, type Server, type Socket } from 'node:net';

/** How long a read waits before failing, unless a call says otherwise. */
export const DEFAULT_READ_TIMEOUT_MS = 3_000;

/** Thrown when the peer does not send what was awaited in time. */
export class HarnessTimeoutError extends Error {
  override readonly name = 'HarnessTimeoutError';
  readonly code = 'ERR_HARNESS_TIMEOUT';
}

/** Thrown when the bytes received cannot be read as an HTTP/1.x response. */
export class HarnessProtocolError extends Error {
  override readonly name = 'HarnessProtocolError';
  readonly code = 'ERR_HARNESS_PROTOCOL';
}

/** A server under test, listening on loopback. */
export interface RunningServer {
  server: Server;
  host: '127.0.0.1';
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The server side of every connection accepted so far (open or closed). */
  connections: Socket[];
  /** Closes the server and destroys its connections (also done by `closeAll`). */
  close(): Promise<void>;
}

const servers = new Set<RunningServer>();
const sockets = new Set<Socket>();

/**
 * Starts a server on an ephemeral port on 127.0.0.1. `server` is a `net.Server` (not yet
 * listening) or a factory returning one. The server is closed by `closeAll()`.
 */
export async function listen(
  server: Server | (() => Server | Promise<Server>),
): Promise<RunningServer> {
  const srv = typeof server === 'function' ? await server() : server;
  const connections: Socket[] = [];
  srv.on('connection', (socket: Socket) => {
    connections.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      srv.off('error', reject);
      resolve();
    });
  });
  const address = srv.address();
  if (address === null || typeof address === 'string') {
    throw new HarnessProtocolError('the server did not report a TCP address');
  }
  const running: RunningServer = {
    server: srv,
    host: '127.0.0.1',
    port: address.port,
    origin: `http://127.0.0.1:${address.port}`,
    connections,
    close: () => closeServer(running),
  };
  servers.add(running);
  return running;
}

async function closeServer(running: RunningServer): Promise<void> {
  if (!servers.delete(running)) return;
  for (const socket of running.connections) socket.destroy();
  await new Promise<void>((resolve) => {
    if (!running.server.listening) return resolve();
    running.server.close(() => resolve());
  });
}

/** Destroys every socket and closes every server opened through the harness. */
export async function closeAll(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all([...servers].map((s) => closeServer(s)));
}

/**
 * Registers `closeAll` to run after each test: `useSocketHarness(afterEach)` with vitest's
 * `afterEach`. Passed in, so this module does not import a test runner and also works in
 * benches and scripts.
 */
export function useSocketHarness(afterEach: (fn: () => Promise<void>) => void): void {
  afterEach(closeAll);
}

/** A parsed HTTP/1.x response as the harness read it off the wire. */
export interface WireResponse {
  version: string;
  status: number;
  reason: string;
  /** Field lines in received order, names lower-cased. */
  headerList: Array<[string, string]>;
  /** Field values by lower-cased name, repeated fields joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The exact bytes of this response (head and body). */
  raw: Buffer;
}

/** Options of a response read. */
export interface ReadOptions {
  /** The request method this response answers: HEAD responses have no body. */
  method?: string;
  timeoutMs?: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * The total length (head + body) of a response whose head is `head` (ending in CRLF CRLF), when
 * the head alone tells it: no body, or Content-Length. Undefined for chunked or close-delimited.
 */
function framedLength(head: Buffer, method: string): number | undefined {
  const status = Number(head.subarray(9, 12).toString('latin1'));
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) return head.length;
  const text = head.toString('latin1');
  if (/\r\ntransfer-encoding:/i.test(text)) return undefined;
  const cl = /\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n/i.exec(text);
  return cl === null ? undefined : head.length + Number(cl[1]);
}

/** A client socket with a receive buffer and deadline-bound reads. */
export class TestSocket {
  readonly socket: Socket;
  /** Received chunks not yet consumed, joined lazily: joining per chunk is quadratic on big bodies. */
  private chunks: Buffer[] = [];
  /** Number of bytes received and not yet consumed. */
  size = 0;
  /** True once the peer ended or the socket closed. */
  ended = false;
  private waiter: (() => void) | undefined;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      this.wake();
    });
    const finish = (): void => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', finish);
    socket.on('close', finish);
    // A reset by the server is a way of closing; reads report it as an early end.
    socket.on('error', finish);
  }

  /** Bytes received and not yet consumed by a read. */
  get buffered(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0]!;
  }

  set buffered(rest: Buffer) {
    this.chunks = [rest];
    this.size = rest.length;
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Sends bytes (a string is sent as latin1, byte for byte). */
  write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(bytes, () => resolve());
    });
  }

  /**
   * Waits until `ready(buffered, ended)` returns a result other than undefined, or fails with
   * HarnessTimeoutError after `timeoutMs`. `what` names the awaited thing in the failure.
   */
  async waitFor<T>(
    what: string,
    ready: (buffered: Buffer, ended: boolean) => T | undefined,
    timeoutMs = DEFAULT_READ_TIMEOUT_MS,
    join = true,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = ready(join ? this.buffered : EMPTY, this.ended);
      if (result !== undefined) return result;
      const left = deadline - Date.now();
      // Once the peer has ended no more bytes can arrive: fail at once, not at the deadline.
      if (this.ended || left <= 0) {
        throw new HarnessTimeoutError(
          `${this.ended ? 'the connection closed' : `no answer within ${timeoutMs} ms`} while waiting for ${what}; ` +
            `${this.size} unread bytes: ${preview(this.buffered)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Reads one complete response (framed by Content-Length, chunked coding, or close). */
  async readResponse(options: ReadOptions = {}): Promise<WireResponse> {
    const method = options.method ?? 'GET';
    const what = `an HTTP response${options.method ? ` to ${options.method}` : ''}`;
    const started = Date.now();
    // With the head in hand, a Content-Length tells how many bytes to wait for: wait on the
    // count alone, and join the chunks once.
    const total = await this.waitFor(
      `${what} (its head)`,
      (buf, ended) => {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return ended && buf.length > 0 ? 0 : undefined;
        return framedLength(buf.subarray(0, end + 4), method) ?? 0;
      },
      options.timeoutMs,
    );
    if (total > 0) {
      const left = (options.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS) - (Date.now() - started);
      await this.waitFor(
        `${what} (${total} bytes, ${this.size} received)`,
        () => (this.size >= total ? true : undefined),
        Math.max(left, 1),
        false,
      );
    }
    return this.waitFor(
      what,
      (buf, ended) => {
        const parsed = parseResponse(buf, ended, method);
        if (parsed === undefined) return undefined;
        this.buffered = buf.subarray(parsed.raw.length);
        return parsed;
      },
      options.timeoutMs,
    );
  }

  /** Waits for the peer to close and returns every byte not yet read. */
  readUntilClose(timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<Buffer> {
    return this.waitFor(
      'the server to close the connection',
      (buf, ended) => (ended ? buf : undefined),
      timeoutMs,
    ).then((buf) => {
      this.buffered = Buffer.alloc(0);
      return buf;
    });
  }

  /** Resolves true if the peer closes within `timeoutMs`, false if it is still open then. */
  async closesWithin(timeoutMs: number): Promise<boolean> {
    try {
      await this.waitFor('close', (_b, ended) => (ended ? true : undefined), timeoutMs);
      return true;
    } catch (error) {
      if (error instanceof HarnessTimeoutError) return false;
      throw error;
    }
  }

  /** Ends our side and destroys the socket. */
  close(): void {
    this.socket.destroy();
    sockets.delete(this.socket);
  }
}

/** Opens a TCP connection to 127.0.0.1:port (closed by `closeAll`). */
export function connect(port: number, timeoutMs = DEFAULT_READ_TIMEOUT_MS): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new HarnessTimeoutError(`could not connect to 127.0.0.1:${port} within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(new TestSocket(socket));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Sends raw bytes on a new connection and returns every byte received until the server closes. */
export async function exchange(
  port: number,
  bytes: string | Uint8Array,
  timeoutMs = DEFAULT_READ_TIMEOUT_MS,
): Promise<Buffer> {
  const socket = await connect(port, timeoutMs);
  await socket.write(bytes);
  try {
    return await socket.readUntilClose(timeoutMs);
  } finally {
    socket.close();
  }
}

/** What `request` sends. Header values are sent as written (latin1). */
export interface RawRequest {
  method?: string;
  target: string;
  version?: string;
  headers?: Record<string, string> | Array<[string, string]>;
  body?: string | Uint8Array;
}

/** Serializes a request byte for byte; adds `Host` when absent and Content-Length for a body. */
export function formatRequest(port: number, req: RawRequest): Buffer {
  const entries = Array.isArray(req.headers) ? req.headers : Object.entries(req.headers ?? {});
  const names = new Set(entries.map(([n]) => n.toLowerCase()));
  const lines = [`${req.method ?? 'GET'} ${req.target} ${req.version ?? 'HTTP/1.1'}`];
  if (!names.has('host')) lines.push(`Host: 127.0.0.1:${port}`);
  for (const [name, value] of entries) lines.push(`${name}: ${value}`);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  if (body !== undefined && !names.has('content-length') && !names.has('transfer-encoding')) {
    lines.push(`Content-Length: ${body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}

/** One request on a fresh connection; returns the parsed response and closes the connection. */
export async function request(
  port: number,
  req: RawRequest,
  options: { timeoutMs?: number } = {},
): Promise<WireResponse> {
  const socket = await connect(port, options.timeoutMs);
  try {
    await socket.write(formatRequest(port, req));
    return await socket.readResponse({
      method: req.method ?? 'GET',
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
  } finally {
    socket.close();
  }
}

/** Node's fetch against the running server, with a deadline (AbortSignal) instead of a hang. */
export async function fetchFrom(
  running: Pick<RunningServer, 'origin'>,
  path: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Response> {
  const { timeoutMs = DEFAULT_READ_TIMEOUT_MS, ...rest } = init;
  const url = `${running.origin}${path}`;
  try {
    return await fetch(url, {
      redirect: 'manual',
      ...rest,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new HarnessTimeoutError(`fetch ${url}: no response within ${timeoutMs} ms`);
    }
    throw error;
  }
}

/**
 * Reads one HTTP/1.x response at the start of `buf`. Returns undefined when more bytes are needed.
 * `ended`: the peer closed, so a close-delimited body is complete. Deliberately small and strict:
 * it is a test oracle, not a parser a server should reuse.
 */
export function parseResponse(
  buf: Buffer,
  ended: boolean,
  method = 'GET',
): WireResponse | undefined {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    if (ended && buf.length > 0) {
      throw new HarnessProtocolError(`connection closed inside a response head: ${preview(buf)}`);
    }
    return undefined;
  }
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const statusLine = /^(HTTP\/\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
  if (statusLine === null) {
    throw new HarnessProtocolError(`not an HTTP/1.x status line: ${JSON.stringify(lines[0])}`);
  }
  const headerList: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HarnessProtocolError(`malformed field line: ${JSON.stringify(line)}`);
    headerList.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of headerList) {
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const status = Number(statusLine[2]);
  const bodyStart = headEnd + 4;
  const done = (bodyEnd: number, body: Buffer): WireResponse => ({
    version: statusLine[1]!,
    status,
    reason: statusLine[3] ?? '',
    headerList,
    headers,
    body,
    raw: buf.subarray(0, bodyEnd),
  });
  // RFC 9112 §6.3: responses to HEAD, 1xx, 204 and 304 end at the head.
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) {
    return done(bodyStart, Buffer.alloc(0));
  }
  const te = headers['transfer-encoding'];
  if (te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te)) {
    return readChunked(buf, bodyStart, ended, done);
  }
  const cl = headers['content-length'];
  if (cl !== undefined) {
    if (!/^\d+$/.test(cl)) throw new HarnessProtocolError(`invalid Content-Length: ${cl}`);
    const end = bodyStart + Number(cl);
    if (buf.length < end) {
      if (ended) {
        throw new HarnessProtocolError(
          `connection closed after ${buf.length - bodyStart} of ${cl} body bytes`,
        );
      }
      return undefined;
    }
    return done(end, buf.subarray(bodyStart, end));
  }
  return ended ? done(buf.length, buf.subarray(bodyStart)) : undefined;
}

function readChunked(
  buf: Buffer,
  start: number,
  ended: boolean,
  done: (end: number, body: Buffer) => WireResponse,
): WireResponse | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = buf.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new HarnessProtocolError('invalid chunk size');
    if (size === 0) {
      // The last chunk's line end doubles as the start of the blank line when there are no trailers.
      const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd);
      if (trailerEnd < 0) break;
      const end = trailerEnd + 4;
      return done(end, Buffer.concat(parts));
    }
    const dataEnd = lineEnd + 2 + size;
    if (buf.length < dataEnd + 2) break;
    parts.push(buf.subarray(lineEnd + 2, dataEnd));
    at = dataEnd + 2;
  }
  if (ended) throw new HarnessProtocolError('connection closed inside a chunked body');
  return undefined;
}

/** A short printable preview of bytes for failure messages. */
export function preview(buf: Buffer, max = 300): string {
  const text = JSON.stringify(buf.subarray(0, max).toString('latin1'));
  return buf.length > max ? `${text}… (${buf.length} bytes)` : text;
}

/**
 * Number of open file descriptors of this process (Linux /proc, macOS /dev/fd), or undefined
 * where neither exists. Load tests compare it before and after.
 */
export function openFdCount(): number | undefined {
  for (const dir of ['/proc/self/fd', '/dev/fd']) {
    try {
      return readdirSync(dir).length;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** Result of a bounded load run. */
export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  firstError: string | undefined;
}

/**
 * A bounded keep-alive load: `connections` sockets each send requests one after the other
 * (waiting for each response) until `requests` responses have arrived in total, then close.
 * `check` may reject a response (counted as an error). Stops by itself.
 */
export async function loadTest(
  port: number,
  options: {
    requests: number;
    connections: number;
    request: RawRequest;
    check?: (res: WireResponse) => boolean;
    timeoutMs?: number;
  },
): Promise<LoadResult> {
  const bytes = formatRequest(port, options.request);
  const result: LoadResult = { requests: 0, errors: 0, statuses: {}, firstError: undefined };
  let issued = 0;
  const worker = async (): Promise<void> => {
    let socket: TestSocket | undefined;
    try {
      socket = await connect(port, options.timeoutMs);
      while (issued < options.requests) {
        issued++;
        await socket.write(bytes);
        const res = await socket.readResponse({
          method: options.request.method ?? 'GET',
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        });
        result.requests++;
        result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
        if (options.check !== undefined && !options.check(res)) {
          result.errors++;
          result.firstError ??= `unexpected response ${res.status}: ${preview(res.raw, 120)}`;
        }
      }
    } catch (error) {
      result.errors++;
      result.firstError ??= error instanceof Error ? error.message : String(error);
    } finally {
      socket?.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return result;
}
