import type { Readable } from 'node:stream';

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

/** A script's response head (RFC 3875 §6.2), parsed and validated. */
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

/** A running script whose head has arrived. */
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
