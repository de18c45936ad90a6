/**
 * The fixture website the crawler specs run against: node:http servers on loopback, port 0.
 * (node:http is fine here: the harness is not your code. Your code may not use it.)
 *
 * - `startSite(routes, { host })` serves a table of routes on 127.0.0.1, or on 127.0.0.2 to be
 *   another origin for real (where 127.0.0.2 cannot be bound — macOS without an alias — it falls
 *   back to 127.0.0.1 on another port, which is still another origin).
 * - Every request is recorded (method, target, headers, body, arrival time, connection), and the
 *   server tracks how many requests were in flight at once: the politeness specs read that.
 * - `useSite()` closes every server (and destroys every connection) after each test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach } from 'vitest';

export interface SiteRequest {
  method: string;
  /** The request-target as received. */
  target: string;
  /** Lower-cased names; repeated fields joined with ", ". */
  headers: Record<string, string>;
  /** Raw field lines, names as received. */
  rawHeaders: Array<[string, string]>;
  body: Buffer;
  /** Date.now() when the request head arrived. */
  at: number;
  /** Date.now() when the response was handed to the OS (or the connection closed). */
  doneAt: number | undefined;
  /** Index of the connection (0, 1, …) it came on. */
  connection: number;
}

export type Handler = (req: SiteRequest, res: ServerResponse) => void | Promise<void>;

export interface Site {
  host: string;
  port: number;
  /** `http://host:port` */
  origin: string;
  /** `origin + path` */
  url(path: string): string;
  requests: SiteRequest[];
  /** Requests whose target starts with this path (query included in the comparison). */
  hits(path: string): SiteRequest[];
  /** The most requests that were in flight at one time. */
  maxInFlight: number;
  /** Connections accepted so far. */
  connections: number;
  /** Connections currently open. */
  openConnections(): number;
  close(): Promise<void>;
}

const running = new Set<Site>();

/** Closes every site after each test of the calling spec file. */
export function useSite(): void {
  afterEach(async () => {
    await Promise.all([...running].map((s) => s.close()));
  });
}

let secondHost: Promise<string> | undefined;

/** 127.0.0.2 when this machine can bind it, else 127.0.0.1. */
export function otherHost(): Promise<string> {
  secondHost ??= new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve('127.0.0.1'));
    probe.listen(0, '127.0.0.2', () => probe.close(() => resolve('127.0.0.2')));
  });
  return secondHost;
}

export async function startSite(
  routes: Record<string, Handler> | Handler,
  options: { host?: string } = {},
): Promise<Site> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let connections = 0;
  const socketIds = new WeakMap<Socket, number>();
  const site: Site = {
    host,
    port: 0,
    origin: '',
    url: (path) => `${site.origin}${path}`,
    requests: [],
    hits: (path) =>
      site.requests.filter((r) => r.target === path || r.target.startsWith(`${path}?`)),
    maxInFlight: 0,
    connections: 0,
    openConnections: () => [...sockets].filter((s) => !s.destroyed).length,
    close: async () => {
      if (!running.delete(site)) return;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    inFlight++;
    site.maxInFlight = Math.max(site.maxInFlight, inFlight);
    const at = Date.now();
    let doneAt: number | undefined;
    res.on('close', () => {
      inFlight--;
      doneAt ??= Date.now();
      if (record !== undefined) record.doneAt = doneAt;
    });
    res.on('finish', () => {
      doneAt ??= Date.now();
      if (record !== undefined) record.doneAt = doneAt;
    });
    let record: SiteRequest | undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawHeaders: Array<[string, string]> = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const headers: Record<string, string> = {};
    for (const [n, v] of rawHeaders) {
      const k = n.toLowerCase();
      headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    }
    record = {
      method: req.method ?? '',
      target: req.url ?? '',
      headers,
      rawHeaders,
      body: Buffer.concat(chunks),
      at,
      doneAt,
      connection: socketIds.get(req.socket) ?? -1,
    };
    site.requests.push(record);
    const current = record;
    const path = record.target.split('?')[0]!;
    const handler = typeof routes === 'function' ? routes : routes[path];
    try {
      if (handler === undefined) send(res, 404, 'text/html', '<title>Not found</title>');
      else await handler(current, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain', String(error));
      else res.destroy();
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 10_000;
  server.on('connection', (socket: Socket) => {
    socketIds.set(socket, connections++);
    site.connections = connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  site.port = address.port;
  site.origin = `http://${host}:${address.port}`;
  running.add(site);
  return site;
}

/** A complete response with Content-Length. */
export function send(
  res: ServerResponse,
  status: number,
  type: string | undefined,
  body: string | Buffer,
  headers: Record<string, string | string[]> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...(type === undefined ? {} : { 'Content-Type': type }),
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(bytes);
}

/** A handler that answers HTML. */
export const page =
  (body: string, status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    send(res, status, 'text/html; charset=utf-8', body, headers);

/** A handler that redirects. */
export const redirectTo =
  (location: string, status = 302): Handler =>
  (_req, res) =>
    send(res, status, 'text/html', `<a href="${location}">moved</a>`, { Location: location });

/** A handler that echoes the request as JSON (method, target, headers, body as UTF-8). */
export const echo: Handler = (req, res) =>
  send(
    res,
    200,
    'application/json',
    JSON.stringify({
      method: req.method,
      target: req.target,
      headers: req.headers,
      body: req.body.toString('utf8'),
    }),
  );

/**
 * Politeness gaps on one origin: for each request after the first, the time from the end of the
 * previous response to its arrival. (Arrival-to-arrival times would blame the crawler for a slow
 * TCP connect of the previous request.)
 */
export function gapsAfterResponses(requests: SiteRequest[]): number[] {
  const sorted = [...requests].sort((a, b) => a.at - b.at);
  return sorted.slice(1).map((r, i) => r.at - (sorted[i]!.doneAt ?? Number.POSITIVE_INFINITY));
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A handler that waits `ms` before answering `body`. */
export const slowPage =
  (ms: number, body = '<p>slow</p>'): Handler =>
  async (_req, res) => {
    await sleep(ms);
    send(res, 200, 'text/html', body);
  };

/**
 * A gzip bomb made at test time, never committed: `members` gzip members each inflating to
 * `memberBytes` zeros. Concatenated members are one valid gzip stream (RFC 1952 §2.2). The
 * default is about 1 MiB on the wire inflating to 1 GiB.
 */
export function gzipBomb(members = 256, memberBytes = 4 * 1024 * 1024): Buffer {
  const member = gzipSync(Buffer.alloc(memberBytes), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => member));
}
