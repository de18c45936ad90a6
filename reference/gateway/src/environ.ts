/**
 * environ from a parsed request (PEP 3333 "environ Variables", CGI RFC 3875 §4.1).
 *
 *   SCRIPT_NAME ""          the server is mounted at the root; mount() moves segments here
 *   PATH_INFO   "/a b/é"    the path, percent-decoded once, read as UTF-8
 *   QUERY_STRING "q=%20"    as received, still encoded
 *   HTTP_X_FOO  "1, 2"      each field; repeated lines joined with ", " (cookies with "; ")
 */
import type { BodyInput } from './input.ts';
import type { RequestHead } from './prereqs.ts';
import type { Environ, ErrorStream } from './types.ts';

const VERSION = Object.freeze([1, 0] as const);

export interface EnvironContext {
  serverName: string;
  serverPort: number;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  urlScheme: 'http' | 'https';
  errors: ErrorStream;
}

/** A target the gateway cannot turn into PATH_INFO (not origin-form, bad %-escapes, bad UTF-8). */
export class BadTarget extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Percent-decodes once to bytes, then reads them as UTF-8 (throws BadTarget otherwise). */
export function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new BadTarget(raw);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    throw new BadTarget(raw);
  }
}

/** `User-Agent` → `HTTP_USER_AGENT`; undefined for a name the gateway drops. */
function cgiName(name: string): string | undefined {
  // Underscores would make `X_Forwarded_For` and `X-Forwarded-For` the same key: a client could
  // spoof a field a proxy set. nginx and Apache drop such fields; so do we.
  if (name.includes('_')) return undefined;
  return `HTTP_${name.toUpperCase().replaceAll('-', '_')}`;
}

export function makeEnviron(head: RequestHead, input: BodyInput, ctx: EnvironContext): Environ {
  let target = head.target;
  if (target === '*') target = '';
  else if (!target.startsWith('/')) {
    // absolute-form (RFC 9112 §3.2.2): a server must accept it; the path is what follows the authority.
    const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (m === null) throw new BadTarget(target);
    // An empty path is "/" (RFC 9112 §3.2.4), also when a query follows: `http://h?x=1`.
    target = target.slice(m[0].length);
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const environ: Environ = {
    REQUEST_METHOD: head.method,
    SCRIPT_NAME: '',
    PATH_INFO: decodePath(path),
    QUERY_STRING: q < 0 ? '' : target.slice(q + 1),
    SERVER_NAME: ctx.serverName,
    SERVER_PORT: String(ctx.serverPort),
    SERVER_PROTOCOL: head.version,
    'gateway.version': VERSION,
    'gateway.url_scheme': ctx.urlScheme,
    'gateway.input': input,
    'gateway.errors': ctx.errors,
    'gateway.multithread': false,
    'gateway.multiprocess': false,
    'gateway.run_once': false,
    'gateway.input_terminated': true,
  };
  if (ctx.remoteAddress !== undefined) environ.REMOTE_ADDR = ctx.remoteAddress;
  if (ctx.remotePort !== undefined) environ.REMOTE_PORT = String(ctx.remotePort);
  for (const [name, value] of head.headers) {
    const lower = name.toLowerCase();
    let key: string | undefined;
    if (lower === 'content-type') key = 'CONTENT_TYPE';
    else if (lower === 'content-length') key = 'CONTENT_LENGTH';
    else if (lower === 'proxy')
      continue; // httpoxy (CVE-2016-5385): never an HTTP_PROXY key
    else key = cgiName(name);
    if (key === undefined) continue;
    const previous = environ[key];
    if (typeof previous !== 'string') environ[key] = value;
    else if (key === 'CONTENT_LENGTH')
      continue; // the parser checked repeated values are equal
    else environ[key] = `${previous}${lower === 'cookie' ? '; ' : ', '}${value}`;
  }
  return environ;
}
