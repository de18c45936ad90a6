/**
 * Crutch for kata 11 (gateway): the kata's exact interface over Node's own HTTP server
 * (`node:http`, llhttp inside) for `serve`, busboy (the multipart reader behind multer) for
 * `readForm`, and the WHATWG Request/Response classes for the fetch adapters. Forbidden in
 * gateway; allowed in the katas that stand on it (framework): `export * from '@hbu/crutches/gateway';`.
 *
 * Thin where the katas that stand on it do not look: `validate` checks the status line and the
 * response fields only (not the kata's whole rule table); `readForm` buffers the body before it
 * hands out parts. `serve` answers like the kata's server on everything a framework relies on:
 * environ keys, HEAD, streaming bodies, 413 above `maxBodyBytes`, 431 above `maxHeaderBytes`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server } from 'node:net';
import busboy from 'busboy';

// ─── The interface (the same types as katas/gateway/src/index.ts) ───────────────────────────

export type GatewayVersion = readonly [1, 0];

export interface InputStream extends AsyncIterable<Uint8Array> {
  read(size?: number): Promise<Uint8Array>;
  readLine(limit?: number): Promise<Uint8Array>;
}

export interface ErrorStream {
  write(text: string): void;
  flush(): void;
}

export interface Environ {
  REQUEST_METHOD: string;
  SCRIPT_NAME: string;
  PATH_INFO: string;
  QUERY_STRING: string;
  CONTENT_TYPE?: string;
  CONTENT_LENGTH?: string;
  SERVER_NAME: string;
  SERVER_PORT: string;
  SERVER_PROTOCOL: string;
  REMOTE_ADDR?: string;
  REMOTE_PORT?: string;
  'gateway.version': GatewayVersion;
  'gateway.url_scheme': 'http' | 'https';
  'gateway.input': InputStream;
  'gateway.errors': ErrorStream;
  'gateway.multithread': boolean;
  'gateway.multiprocess': boolean;
  'gateway.run_once': boolean;
  'gateway.input_terminated'?: boolean;
  [key: string]: unknown;
}

export type Header = [name: string, value: string];
export type Write = (data: Uint8Array) => void;
export type StartResponse = (status: string, headers: Header[], excInfo?: unknown) => Write;
export type Body = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
export type App = (environ: Environ, startResponse: StartResponse) => Body;

export interface ServeOptions {
  serverName?: string;
  urlScheme?: 'http' | 'https';
  onError?: (error: unknown, environ: Environ | undefined) => void;
  maxHeaderBytes?: number;
  maxBodyBytes?: number;
  keepAliveTimeoutMs?: number;
}

export const VALIDATE_RULES = {
  ERR_GATEWAY_APP_ARGUMENTS: 'the application is called with exactly (environ, startResponse)',
  ERR_GATEWAY_ENVIRON_NOT_OBJECT: 'environ is a plain object',
  ERR_GATEWAY_ENVIRON_MISSING_KEY: 'environ has every required key',
  ERR_GATEWAY_ENVIRON_HTTP_CONTENT_TYPE: 'no HTTP_CONTENT_TYPE (it is CONTENT_TYPE)',
  ERR_GATEWAY_ENVIRON_HTTP_CONTENT_LENGTH: 'no HTTP_CONTENT_LENGTH (it is CONTENT_LENGTH)',
  ERR_GATEWAY_ENVIRON_NOT_STRING: 'every CGI key (no dot in its name) holds a string',
  ERR_GATEWAY_ENVIRON_VERSION: 'gateway.version is [1, 0]',
  ERR_GATEWAY_ENVIRON_URL_SCHEME: "gateway.url_scheme is 'http' or 'https'",
  ERR_GATEWAY_ENVIRON_FLAGS: 'gateway.multithread, multiprocess and run_once are booleans',
  ERR_GATEWAY_ENVIRON_METHOD: 'REQUEST_METHOD is a token',
  ERR_GATEWAY_ENVIRON_SCRIPT_NAME: "SCRIPT_NAME is empty or starts with '/'",
  ERR_GATEWAY_ENVIRON_SCRIPT_NAME_ROOT: "SCRIPT_NAME is never '/'",
  ERR_GATEWAY_ENVIRON_PATH_INFO: "PATH_INFO is empty or starts with '/'",
  ERR_GATEWAY_ENVIRON_NO_PATH: 'SCRIPT_NAME or PATH_INFO is non-empty',
  ERR_GATEWAY_ENVIRON_CONTENT_LENGTH: 'CONTENT_LENGTH, when present and non-empty, is digits',
  ERR_GATEWAY_ENVIRON_SERVER_PORT: 'SERVER_PORT is digits',
  ERR_GATEWAY_ENVIRON_PROTOCOL: 'SERVER_PROTOCOL is HTTP/<digit>.<digit>',
  ERR_GATEWAY_INPUT_SHAPE: 'gateway.input has read, readLine and async iteration',
  ERR_GATEWAY_INPUT_READ_ARGUMENT: 'input.read(size): size is omitted or a non-negative integer',
  ERR_GATEWAY_INPUT_READ_RESULT: 'input.read resolves to a Uint8Array',
  ERR_GATEWAY_INPUT_READ_TOO_MUCH: 'input.read(size) returns at most size bytes',
  ERR_GATEWAY_INPUT_READLINE_RESULT: 'input.readLine resolves to a Uint8Array',
  ERR_GATEWAY_INPUT_ITERATION_RESULT: 'iterating input yields Uint8Arrays',
  ERR_GATEWAY_INPUT_CLOSE: 'an application never closes gateway.input',
  ERR_GATEWAY_ERRORS_SHAPE: 'gateway.errors has write and flush',
  ERR_GATEWAY_ERRORS_WRITE_ARGUMENT: 'errors.write takes a string',
  ERR_GATEWAY_ERRORS_CLOSE: 'an application never closes gateway.errors',
  ERR_GATEWAY_START_RESPONSE_ARGUMENTS: 'startResponse takes 2 or 3 arguments',
  ERR_GATEWAY_STATUS_NOT_STRING: 'the status is a string',
  ERR_GATEWAY_STATUS_FORMAT: "the status is three digits, a space and a reason ('200 OK')",
  ERR_GATEWAY_STATUS_CODE: 'the status code is at least 100',
  ERR_GATEWAY_STATUS_CONTROL: 'the status has no control characters (CR, LF…)',
  ERR_GATEWAY_HEADERS_NOT_ARRAY: 'the headers are an array',
  ERR_GATEWAY_HEADER_NOT_PAIR: 'each header is a [name, value] pair',
  ERR_GATEWAY_HEADER_NOT_STRING: 'header names and values are strings',
  ERR_GATEWAY_HEADER_STATUS: 'no Status header (the status is the first argument)',
  ERR_GATEWAY_HEADER_NAME: 'a header name is a token (no colon, space, CR or LF)',
  ERR_GATEWAY_HEADER_NAME_END: "a header name does not end in '-' or '_'",
  ERR_GATEWAY_HEADER_VALUE: 'a header value has no control characters (response splitting)',
  ERR_GATEWAY_HOP_BY_HOP: 'no hop-by-hop header (Connection, Transfer-Encoding…)',
  ERR_GATEWAY_NO_CONTENT_TYPE: 'Content-Type is present, except for 204 and 304',
  ERR_GATEWAY_CONTENT_TYPE_NOT_ALLOWED: 'a 204 or 304 response has no Content-Type',
  ERR_GATEWAY_EXC_INFO: 'excInfo is undefined or an Error',
  ERR_GATEWAY_START_RESPONSE_TWICE: 'startResponse is called again only with excInfo',
  ERR_GATEWAY_WRITE_ARGUMENT: 'write(data) takes a Uint8Array',
  ERR_GATEWAY_BODY_NOT_ITERABLE: 'the application returns an iterable (an empty array at least)',
  ERR_GATEWAY_BODY_STRING: 'the application does not return a string',
  ERR_GATEWAY_BODY_CHUNK: 'the body yields Uint8Arrays',
  ERR_GATEWAY_BODY_BEFORE_START: 'startResponse is called before the first chunk is yielded',
  ERR_GATEWAY_ITERATE_AFTER_CLOSE: 'the server never iterates the body after closing it',
  ERR_GATEWAY_NOT_CLOSED: 'the server closes the body (return()) when it is done with it',
} as const;

export const GATEWAY_RULES = {
  ERR_GATEWAY_NO_START_RESPONSE: 'the body ended and startResponse was never called',
  ERR_GATEWAY_CONTENT_LENGTH_EXCEEDED: 'the body is longer than its Content-Length',
  ERR_GATEWAY_CONTENT_LENGTH_SHORT: 'the body is shorter than its Content-Length',
  ERR_GATEWAY_INPUT_ABORTED: 'the client went away before the request body ended',
  ERR_GATEWAY_CLIENT_GONE: 'the client went away while the response was being sent',
  ERR_GATEWAY_INVALID_MOUNT: "a mount point is '/' or '/segment…' without a trailing slash",
  ERR_GATEWAY_FORM_TYPE: 'readForm reads urlencoded or multipart/form-data only',
  ERR_GATEWAY_FORM_BOUNDARY: 'multipart/form-data has a valid boundary parameter',
  ERR_GATEWAY_FORM_MALFORMED: 'the multipart body has delimiters, part heads and a close delimiter',
  ERR_GATEWAY_FORM_PART_TOO_LARGE: 'no part is larger than maxPartBytes',
  ERR_GATEWAY_FORM_TOO_MANY_PARTS: 'no more parts than maxParts',
  ERR_GATEWAY_FORM_HEADER_TOO_LARGE: 'a part head is at most maxHeaderBytes',
} as const;

export type GatewayErrorCode = keyof typeof VALIDATE_RULES | keyof typeof GATEWAY_RULES;

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, detail?: string) {
    const rule =
      (VALIDATE_RULES as Record<string, string>)[code] ??
      (GATEWAY_RULES as Record<string, string>)[code];
    super(detail === undefined ? `${code}: ${rule}` : `${code}: ${rule} (${detail})`);
    this.code = code;
  }
}

// ─── Small pieces ────────────────────────────────────────────────────────────────────────────

const VERSION: GatewayVersion = Object.freeze([1, 0] as const);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const concat = (chunks: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(chunks));
const stderrErrors: ErrorStream = {
  write: (text) => void process.stderr.write(text),
  flush: () => {},
};

/** An InputStream over any async source of bytes (a Node request, a fetch body). */
class SourceInput implements InputStream {
  #pending: Uint8Array = new Uint8Array(0);
  #iterator: AsyncIterator<Uint8Array> | undefined;
  #done = false;

  constructor(private readonly source: AsyncIterable<Uint8Array> | undefined) {
    if (source === undefined) this.#done = true;
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    this.#iterator ??= (this.source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
    const step = await this.#iterator.next();
    if (step.done === true) {
      this.#done = true;
      return false;
    }
    this.#pending = concat([this.#pending, step.value]);
    return true;
  }

  #take(n: number): Uint8Array {
    const out = this.#pending.subarray(0, n);
    this.#pending = this.#pending.subarray(n);
    return out;
  }

  async read(size?: number): Promise<Uint8Array> {
    if (size === undefined) {
      while (await this.#fill());
      return this.#take(this.#pending.length);
    }
    while (this.#pending.length < size && (await this.#fill()));
    return this.#take(size);
  }

  async readLine(limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
    for (;;) {
      const lf = this.#pending.indexOf(10);
      if (lf >= 0 && lf < limit) return this.#take(lf + 1);
      if (this.#pending.length >= limit) return this.#take(limit);
      if (!(await this.#fill())) return this.#take(this.#pending.length);
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      if (this.#pending.length === 0 && !(await this.#fill())) return;
      yield this.#take(this.#pending.length);
    }
  }
}

const parseStatus = (status: string): number => Number.parseInt(status.slice(0, 3), 10);
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);

// ─── 1. Applications ─────────────────────────────────────────────────────────────────────────

export const hello: App = (_environ, startResponse) => {
  startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
  return [enc('Hello, world!\n')];
};

export const environEcho: App = (environ, startResponse) => {
  const cgi: Record<string, string> = {};
  for (const key of Object.keys(environ).sort()) {
    const value = environ[key];
    if (!key.includes('.') && typeof value === 'string') cgi[key] = value;
  }
  startResponse('200 OK', [['Content-Type', 'application/json']]);
  return [enc(`${JSON.stringify(cgi)}\n`)];
};

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export const greetForm: App = (environ, startResponse) => {
  const method = environ.REQUEST_METHOD;
  if (method === 'GET' || method === 'HEAD') {
    startResponse('200 OK', [['Content-Type', 'text/html; charset=utf-8']]);
    return [enc('<form method="post"><input name="name"><button>Greet</button></form>\n')];
  }
  if (method !== 'POST') {
    startResponse('405 Method Not Allowed', [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Allow', 'GET, HEAD, POST'],
    ]);
    return [enc('Method Not Allowed\n')];
  }
  return (async function* () {
    const body = dec(await environ['gateway.input'].read());
    const name = new URLSearchParams(body).get('name') ?? '';
    startResponse('200 OK', [['Content-Type', 'text/html; charset=utf-8']]);
    yield enc(`<p>Hello, ${escapeHtml(name)}!</p>\n`);
  })();
};

export function ticker(count: number, intervalMs: number): App {
  return (_environ, startResponse) =>
    (async function* () {
      startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, intervalMs));
        yield enc(`tick ${i}\n`);
      }
    })();
}

export function failing(when: 'before' | 'after'): App {
  return (_environ, startResponse) =>
    (function* () {
      startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
      if (when === 'after') yield enc('partial ');
      throw new Error(`failing(${when})`);
    })();
}

// ─── 2. – 3. The server, on node:http ────────────────────────────────────────────────────────

function environOf(req: IncomingMessage, options: ServeOptions): Environ {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    path = rawPath;
  }
  const environ: Environ = {
    REQUEST_METHOD: req.method ?? 'GET',
    SCRIPT_NAME: '',
    PATH_INFO: path,
    QUERY_STRING: q < 0 ? '' : target.slice(q + 1),
    SERVER_NAME: options.serverName ?? req.socket.localAddress ?? '127.0.0.1',
    SERVER_PORT: String(req.socket.localPort ?? 80),
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    REMOTE_ADDR: req.socket.remoteAddress ?? '',
    REMOTE_PORT: String(req.socket.remotePort ?? ''),
    'gateway.version': VERSION,
    'gateway.url_scheme': options.urlScheme ?? 'http',
    'gateway.input': new SourceInput(req),
    'gateway.errors': stderrErrors,
    'gateway.multithread': false,
    'gateway.multiprocess': false,
    'gateway.run_once': false,
    'gateway.input_terminated': req.headers['content-length'] === undefined,
  };
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    if (name === 'content-type') environ.CONTENT_TYPE = value;
    else if (name === 'content-length') environ.CONTENT_LENGTH = value;
    else {
      const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
      const prior = environ[key];
      environ[key] =
        typeof prior === 'string' ? `${prior}${name === 'cookie' ? '; ' : ', '}${value}` : value;
    }
  }
  return environ;
}

async function respond(
  app: App,
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeOptions,
): Promise<void> {
  const environ = environOf(req, options);
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  if (Number(req.headers['content-length'] ?? 0) > maxBody) {
    res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end('Payload Too Large\n');
    return;
  }
  let head: { status: string; headers: Header[] } | undefined;
  let sent = false;
  const sendHead = (): void => {
    if (sent || head === undefined) return;
    sent = true;
    const code = parseStatus(head.status);
    res.statusCode = code;
    res.statusMessage = head.status.slice(4);
    const grouped = new Map<string, string[]>();
    for (const [name, value] of head.headers) {
      const key = name.toLowerCase();
      if (HOP_BY_HOP.has(key)) continue;
      grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    for (const [name, values] of grouped)
      res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  };
  const write: Write = (data) => {
    sendHead();
    res.write(data);
  };
  const startResponse: StartResponse = (status, headers, excInfo) => {
    if (head !== undefined && excInfo === undefined) {
      throw new GatewayError('ERR_GATEWAY_START_RESPONSE_TWICE');
    }
    if (sent && excInfo !== undefined) throw excInfo;
    head = { status, headers };
    return write;
  };
  let body: Body | undefined;
  try {
    body = app(environ, startResponse);
    const iterator =
      Symbol.asyncIterator in body
        ? (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (body as Iterable<Uint8Array>)[Symbol.iterator]();
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) break;
        if (step.value.length === 0) continue;
        sendHead();
        if (req.method !== 'HEAD') res.write(step.value);
      }
    } finally {
      await iterator.return?.();
    }
    if (head === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    sendHead();
    res.end();
  } catch (error) {
    options.onError?.(error, environ);
    if (!sent) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal Server Error\n');
    } else {
      res.destroy();
    }
  }
}

export function serve(app: App, options: ServeOptions = {}): Server {
  const server = createServer(
    {
      maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    },
    (req, res) => {
      void respond(app, req, res, options);
    },
  );
  return server;
}

// ─── 4. validate (thin: the status line and the fields only) ─────────────────────────────────

export interface ValidateOptions {
  onViolation?: (error: GatewayError) => void;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function validate(app: App, options: ValidateOptions = {}): App {
  void options;
  return (environ, startResponse) =>
    app(environ, (status, headers, excInfo) => {
      if (typeof status !== 'string') throw new GatewayError('ERR_GATEWAY_STATUS_NOT_STRING');
      if (/[\0-\x1f\x7f]/.test(status)) throw new GatewayError('ERR_GATEWAY_STATUS_CONTROL');
      if (!/^\d{3} ./.test(status)) throw new GatewayError('ERR_GATEWAY_STATUS_FORMAT');
      if (!Array.isArray(headers)) throw new GatewayError('ERR_GATEWAY_HEADERS_NOT_ARRAY');
      for (const pair of headers) {
        const [name, value] = pair;
        if (typeof name !== 'string' || typeof value !== 'string') {
          throw new GatewayError('ERR_GATEWAY_HEADER_NOT_STRING');
        }
        if (!TOKEN.test(name)) throw new GatewayError('ERR_GATEWAY_HEADER_NAME', name);
        if (/[\0-\x08\x0a-\x1f\x7f]/.test(value)) {
          throw new GatewayError('ERR_GATEWAY_HEADER_VALUE', name);
        }
        if (HOP_BY_HOP.has(name.toLowerCase())) throw new GatewayError('ERR_GATEWAY_HOP_BY_HOP');
      }
      return startResponse(status, headers, excInfo);
    });
}

// ─── 5. mount and readForm ───────────────────────────────────────────────────────────────────

export function mount(apps: Record<string, App>): App {
  const points = Object.keys(apps);
  for (const point of points) {
    if (point !== '/' && !/^\/.*[^/]$/.test(point)) {
      throw new GatewayError('ERR_GATEWAY_INVALID_MOUNT', point);
    }
  }
  points.sort((a, b) => b.length - a.length);
  return (environ, startResponse) => {
    const path = environ.PATH_INFO;
    for (const point of points) {
      const prefix = point === '/' ? '' : point;
      if (path === prefix || path.startsWith(`${prefix}/`) || point === '/') {
        const app = apps[point] as App;
        return app(
          {
            ...environ,
            SCRIPT_NAME: environ.SCRIPT_NAME + prefix,
            PATH_INFO: path.slice(prefix.length),
          },
          startResponse,
        );
      }
    }
    startResponse('404 Not Found', [['Content-Type', 'text/plain; charset=utf-8']]);
    return [enc('Not Found\n')];
  };
}

export interface FormPart {
  name: string;
  filename?: string;
  contentType: string;
  headers: Header[];
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
}

export interface FormOptions {
  maxPartBytes?: number;
  maxParts?: number;
  maxHeaderBytes?: number;
}

function part(
  name: string,
  data: Uint8Array,
  contentType: string,
  headers: Header[],
  filename?: string,
): FormPart {
  return {
    name,
    ...(filename === undefined ? {} : { filename }),
    contentType,
    headers,
    body: (async function* () {
      yield data;
    })(),
    bytes: async () => data,
    text: async () => dec(data),
  };
}

export function readForm(environ: Environ, options: FormOptions = {}): AsyncIterable<FormPart> {
  const type = environ.CONTENT_TYPE ?? '';
  const essence = (type.split(';')[0] ?? '').trim().toLowerCase();
  const maxPart = options.maxPartBytes ?? 10 * 1024 * 1024;
  const maxParts = options.maxParts ?? 1000;
  if (essence === 'application/x-www-form-urlencoded') {
    return (async function* () {
      const body = await environ['gateway.input'].read();
      if (body.length > maxPart) throw new GatewayError('ERR_GATEWAY_FORM_PART_TOO_LARGE');
      let count = 0;
      for (const [name, value] of new URLSearchParams(dec(body))) {
        if (++count > maxParts) throw new GatewayError('ERR_GATEWAY_FORM_TOO_MANY_PARTS');
        yield part(name, enc(value), 'text/plain', []);
      }
    })();
  }
  if (essence !== 'multipart/form-data') throw new GatewayError('ERR_GATEWAY_FORM_TYPE', type);
  if (!/;\s*boundary=("[^"]{1,70}"|[^\s;"]{1,70})/i.test(type)) {
    throw new GatewayError('ERR_GATEWAY_FORM_BOUNDARY', type);
  }
  return (async function* () {
    const body = await environ['gateway.input'].read();
    const parts = await new Promise<FormPart[]>((resolve, reject) => {
      const found: FormPart[] = [];
      const reader = busboy({
        headers: { 'content-type': type },
        limits: { fileSize: maxPart, fieldSize: maxPart, parts: maxParts },
      });
      reader.on('field', (name, value, info) => {
        if (info.valueTruncated) reject(new GatewayError('ERR_GATEWAY_FORM_PART_TOO_LARGE'));
        found.push(part(name, enc(value), info.mimeType || 'text/plain', []));
      });
      reader.on('file', (name, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => reject(new GatewayError('ERR_GATEWAY_FORM_PART_TOO_LARGE')));
        stream.on('end', () => {
          const filename = (info.filename ?? '').split(/[\\/]/).pop() ?? '';
          found.push(part(name, concat(chunks), info.mimeType || 'text/plain', [], filename));
        });
      });
      reader.on('partsLimit', () => reject(new GatewayError('ERR_GATEWAY_FORM_TOO_MANY_PARTS')));
      reader.on('error', () => reject(new GatewayError('ERR_GATEWAY_FORM_MALFORMED')));
      reader.on('close', () => resolve(found));
      reader.end(Buffer.from(body));
    });
    yield* parts;
  })();
}

// ─── 6. Fetch adapters ───────────────────────────────────────────────────────────────────────

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export function requestUrl(environ: Environ): string {
  const scheme = environ['gateway.url_scheme'];
  const host =
    typeof environ.HTTP_HOST === 'string'
      ? environ.HTTP_HOST
      : `${environ.SERVER_NAME}${
          environ.SERVER_PORT === (scheme === 'https' ? '443' : '80')
            ? ''
            : `:${environ.SERVER_PORT}`
        }`;
  const path = `${environ.SCRIPT_NAME}${environ.PATH_INFO}`.replace(
    /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu,
    (c) => encodeURIComponent(c),
  );
  const query = environ.QUERY_STRING === '' ? '' : `?${environ.QUERY_STRING}`;
  return `${scheme}://${host}${path}${query}`;
}

export function toFetchHandler(app: App): FetchHandler {
  return async (request) => {
    const url = new URL(request.url);
    const environ: Environ = {
      REQUEST_METHOD: request.method,
      SCRIPT_NAME: '',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      SERVER_NAME: url.hostname,
      SERVER_PORT: url.port || (url.protocol === 'https:' ? '443' : '80'),
      SERVER_PROTOCOL: 'HTTP/1.1',
      'gateway.version': VERSION,
      'gateway.url_scheme': url.protocol === 'https:' ? 'https' : 'http',
      'gateway.input': new SourceInput(
        (request.body ?? undefined) as AsyncIterable<Uint8Array> | undefined,
      ),
      'gateway.errors': stderrErrors,
      'gateway.multithread': false,
      'gateway.multiprocess': false,
      'gateway.run_once': false,
      'gateway.input_terminated': true,
    };
    request.headers.forEach((value, name) => {
      if (name === 'content-type') environ.CONTENT_TYPE = value;
      else if (name === 'content-length') environ.CONTENT_LENGTH = value;
      else environ[`HTTP_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    });
    let head: { status: string; headers: Header[] } | undefined;
    const chunks: Uint8Array[] = [];
    const body = app(environ, (status, headers) => {
      head = { status, headers };
      return (data) => void chunks.push(data);
    });
    if (Symbol.asyncIterator in body) {
      for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
    } else {
      for (const chunk of body as Iterable<Uint8Array>) chunks.push(chunk);
    }
    if (head === undefined) throw new GatewayError('ERR_GATEWAY_NO_START_RESPONSE');
    const code = parseStatus(head.status);
    const headers = new Headers();
    for (const [name, value] of head.headers) headers.append(name, value);
    const noBody = code === 204 || code === 304 || request.method === 'HEAD';
    return new Response(noBody ? null : concat(chunks), {
      status: code,
      statusText: head.status.slice(4),
      headers,
    });
  };
}

export function fromFetchHandler(handler: FetchHandler): App {
  return (environ, startResponse) =>
    (async function* () {
      const headers = new Headers();
      for (const [key, value] of Object.entries(environ)) {
        if (key.startsWith('HTTP_') && typeof value === 'string') {
          headers.append(key.slice(5).replace(/_/g, '-').toLowerCase(), value);
        }
      }
      if (environ.CONTENT_TYPE) headers.set('content-type', environ.CONTENT_TYPE);
      const method = environ.REQUEST_METHOD;
      const hasBody = method !== 'GET' && method !== 'HEAD';
      const request = new Request(requestUrl(environ), {
        method,
        headers,
        ...(hasBody ? { body: await environ['gateway.input'].read() } : {}),
      });
      const response = await handler(request);
      const out: Header[] = [];
      response.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) out.push([name, value]);
      });
      startResponse(`${response.status} ${response.statusText || 'Status'}`, out);
      if (response.body === null) return;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        yield chunk;
      }
    })();
}
