/**
 * cgi-runner — RFC 3875 CGI/1.1 behind your static server (kata 9), on `node:net`.
 *
 * This file is the stub: every exported name, type and doc comment is final; every function that
 * does work throws `NotImplementedError` naming the README stage to read. Split your solution
 * into as many modules as you like behind this file, but keep these exports.
 *
 * Requests are read with YOUR http-message parser and files are served by YOUR static server:
 * both come from `./prereqs.ts` (README, "Before you start").
 */
import type { Server } from 'node:net';
import type { Readable } from 'node:stream';
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { StaticServerOptions } from './prereqs.ts';

/** What a script is run for: the request as the server saw it, after mapping (README §1). */
export interface CgiRequest {
  /** REQUEST_METHOD. */
  method: string;
  /** SERVER_PROTOCOL: `HTTP/1.0` or `HTTP/1.1`. */
  protocol: string;
  /** The request's field lines in received order (names in any case). */
  headers: Iterable<readonly [string, string]>;
  /** The message body, de-chunked; `undefined` when the request has none. */
  body?: Uint8Array | undefined;
  /** SCRIPT_NAME: the decoded URL path of the script, e.g. `/cgi-bin/env.sh`. */
  scriptName: string;
  /** PATH_INFO: the decoded rest of the path, `''` or starting with `/`. */
  pathInfo: string;
  /** QUERY_STRING: the query as received (still percent-encoded), `''` when none. */
  queryString: string;
  /** REMOTE_ADDR: the client's IP address. */
  remoteAddr: string;
  /** SERVER_NAME: the host name the request was addressed to. */
  serverName: string;
  /** SERVER_PORT: the port the request was received on. */
  serverPort: number;
  /** AUTH_TYPE and REMOTE_USER, when the server authenticated the request. */
  auth?: { type: string; user: string } | undefined;
}

/** How scripts are run (README §1, §3, §6, §7). */
export interface CgiOptions {
  /** Kill the script's process group after this long (default 30 s). README §6. */
  timeoutMs?: number;
  /** Extra variables every script gets, e.g. PATH (default `{ PATH: '/usr/local/bin:/usr/bin:/bin' }`). */
  env?: Record<string, string>;
  /** SERVER_SOFTWARE (default `hbu-cgi-runner/1.0`). */
  serverSoftware?: string;
  /** Pass the Authorization field as HTTP_AUTHORIZATION (default false). README §7. */
  passAuthorization?: boolean;
  /** Turn an "isindex" query into argv words (RFC 3875 §4.4; default false). README §7. */
  isindexArgv?: boolean;
  /** The document root PATH_TRANSLATED maps PATH_INFO into; unset means no PATH_TRANSLATED. */
  documentRoot?: string;
  /** Receives the script's stderr, one line at a time (without the line end). README §6. */
  onStderr?: (line: string, scriptName: string) => void;
  /** Aborting kills the script (the client went away). README §6. */
  signal?: AbortSignal;
  /** Largest header section a script may print (default 64 KiB). */
  maxHeaderBytes?: number;
}

/** A script's response head (RFC 3875 §6.2), parsed and validated (README §2). */
export interface CgiResponseHead {
  /**
   * - `document`: Content-Type and/or Status, a body may follow (§6.2.1);
   * - `local-redirect`: only `Location: /abs-path`: the server fetches that path itself (§6.2.2);
   * - `client-redirect`: `Location: scheme:…`, 302 unless Status says otherwise (§6.2.3, §6.2.4).
   */
  kind: 'document' | 'local-redirect' | 'client-redirect';
  status: number;
  /**
   * The reason phrase from Status; `''` when there is none (no Status, or `Status: 404` alone):
   * the server picks the standard one.
   */
  reason: string;
  /** Fields for the HTTP response, in script order; without Status and Content-Length. */
  headers: Array<[string, string]>;
  /** The Location value (redirects only). */
  location?: string;
}

/** A running script whose head has arrived (README §3). */
export interface CgiResponse {
  /** The parsed head; `undefined` for an NPH script (its output is the whole HTTP response). */
  head: CgiResponseHead | undefined;
  /** The body as the script writes it (for NPH: every byte of stdout). Ends when the script does. */
  body: Readable;
  /** Kills the script's whole process group (safe to call more than once). */
  kill(): void;
  /** Resolves when the script has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface CgiServerOptions extends Omit<CgiOptions, 'signal'> {
  /** The directory of the scripts (an existing directory). README §4. */
  cgiBin: string;
  /** The URL path the scripts live under (default `/cgi-bin`). */
  prefix?: string;
  /**
   * Everything outside the prefix is served by your static server from kata 9 with these
   * options; without them it is a 404.
   */
  static?: StaticServerOptions;
  /** At most this many scripts run at once; one more request is a 503 (default 16). README §6. */
  maxConcurrent?: number;
  /** Largest request body accepted (default 1 MiB); more is a 413. */
  maxBodyBytes?: number;
  /** Local redirects followed for one request before a 500 (default 10). README §5. */
  maxRedirects?: number;
}

export type CgiErrorCode =
  | 'ERR_CGI_MALFORMED_HEADER'
  | 'ERR_CGI_INVALID_STATUS'
  | 'ERR_CGI_INVALID_LOCATION'
  | 'ERR_CGI_NO_CGI_FIELD'
  | 'ERR_CGI_FORBIDDEN_FIELD'
  | 'ERR_CGI_HEADER_TOO_LARGE'
  | 'ERR_CGI_INCOMPLETE_HEADER'
  | 'ERR_CGI_TIMEOUT'
  | 'ERR_CGI_SPAWN'
  | 'ERR_CGI_ABORTED';

/** Every failure of this kata: a fixed name and a stable code (README, "Errors"). */
export class CgiError extends Error {
  override readonly name = 'CgiError';
  readonly code: CgiErrorCode;

  constructor(code: CgiErrorCode, message: string = code) {
    super(message);
    this.code = code;
  }
}

/** The status a server answers for a script that failed with `code`: 504, 500 or 502. README §5. */
export function statusFor(code: CgiErrorCode): number {
  // TODO: README §5
  return notImplemented(`statusFor(${JSON.stringify(code)})`, 5);
}

/** The environment for one run of a script: the meta-variables and HTTP_* (README §1). */
export function cgiEnvironment(request: CgiRequest, options?: CgiOptions): Record<string, string> {
  // TODO: README §1
  return notImplemented(`cgiEnvironment(${request.scriptName}, ${typeof options})`, 1);
}

/** argv words from an "isindex" query (RFC 3875 §4.4), only with `isindexArgv` (README §7). */
export function isindexArgv(queryString: string, method: string, options?: CgiOptions): string[] {
  // TODO: README §7
  return notImplemented(
    `isindexArgv(${JSON.stringify(queryString)}, ${method}, ${typeof options})`,
    7,
  );
}

/**
 * Parses the script's head at the start of `bytes` (README §2). Undefined while the empty line
 * has not arrived; throws CgiError when what arrived cannot be a CGI response head.
 */
export function parseCgiResponseHead(
  bytes: Uint8Array,
  maxHeaderBytes?: number,
): { head: CgiResponseHead; bodyStart: number } | undefined {
  // TODO: README §2
  return notImplemented(`parseCgiResponseHead(${bytes.length} bytes, ${maxHeaderBytes})`, 2);
}

/** True for a non-parsed-header script: its file name starts with `nph-` (README §5). */
export function isNph(scriptName: string): boolean {
  // TODO: README §5
  return notImplemented(`isNph(${JSON.stringify(scriptName)})`, 5);
}

/**
 * Runs the script at `script` (an absolute path) for `request`: no shell, the meta-variables as
 * its whole environment, the body on stdin, its own process group. Resolves once the head has
 * arrived; rejects with CgiError (README §3, §6).
 */
export function runCgi(
  script: string,
  request: CgiRequest,
  options?: CgiOptions,
): Promise<CgiResponse> {
  // TODO: README §3
  return notImplemented(
    `runCgi(${JSON.stringify(script)}, ${request.method}, ${typeof options})`,
    3,
  );
}

export type ScriptMatch =
  | { status: 200; file: string; scriptName: string; pathInfo: string }
  | { status: 400 | 403 | 404 };

/**
 * Maps `path` (the request-target's path, still percent-encoded, no query) under `prefix` to a
 * script in `dir` (a real path) and its PATH_INFO (README §4).
 */
export function mapScript(dir: string, prefix: string, path: string): Promise<ScriptMatch> {
  // TODO: README §4
  return notImplemented(`mapScript(${JSON.stringify(dir)}, ${prefix}, ${JSON.stringify(path)})`, 4);
}

/**
 * Creates (does not start) a server that runs the scripts under `prefix` and serves every other
 * path with your static server. Throws a TypeError at once when `cgiBin` is not a directory.
 */
export function createCgiServer(options: CgiServerOptions): Server {
  // TODO: README §4 – §6
  return notImplemented(`createCgiServer({ cgiBin: ${JSON.stringify(options.cgiBin)} })`, 4);
}
