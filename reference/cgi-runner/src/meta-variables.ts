/**
 * The script's environment: RFC 3875 §4.1 meta-variables, then §4.1.18 protocol variables.
 *
 *   meta-variable-name = "AUTH_TYPE" | "CONTENT_LENGTH" | "CONTENT_TYPE" | "GATEWAY_INTERFACE" |
 *                        "PATH_INFO" | "PATH_TRANSLATED" | "QUERY_STRING" | "REMOTE_ADDR" |
 *                        "REMOTE_HOST" | "REMOTE_IDENT" | "REMOTE_USER" | "REQUEST_METHOD" |
 *                        "SCRIPT_NAME" | "SERVER_NAME" | "SERVER_PORT" | "SERVER_PROTOCOL" |
 *                        "SERVER_SOFTWARE" | scheme | protocol-var-name | extension-var-name
 *
 * Nothing of the server's own environment is passed: only these, and `options.env` (PATH).
 */
import { join } from 'node:path';
import type { CgiOptions, CgiRequest } from './types.ts';

export const DEFAULT_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/bin:/usr/bin:/bin',
});
export const DEFAULT_SERVER_SOFTWARE = 'hbu-cgi-runner/1.0';

/**
 * Fields never exported as HTTP_*:
 * - Content-Type and Content-Length are CONTENT_TYPE / CONTENT_LENGTH (§4.1.18: "the server
 *   SHOULD NOT … HTTP_CONTENT_TYPE");
 * - Authorization and Proxy-Authorization carry credentials (§4.1.18: the server "SHOULD NOT"
 *   pass authentication fields); Authorization only with `passAuthorization`;
 * - Proxy: httpoxy (CVE-2016-5385 and siblings): HTTP_PROXY is what HTTP clients read as their
 *   outbound proxy, so a request header would redirect the script's own requests;
 * - Transfer-Encoding: the body on stdin is already de-chunked, the field would lie.
 */
const NEVER = new Set([
  'content-type',
  'content-length',
  'proxy',
  'proxy-authorization',
  'transfer-encoding',
]);

/** Field names made only of letters, digits and "-": `X_Foo` could impersonate `X-Foo`. */
const MAPPABLE_NAME = /^[A-Za-z0-9-]+$/;

/** The environment for one run of a script. */
export function cgiEnvironment(
  request: CgiRequest,
  options: CgiOptions = {},
): Record<string, string> {
  // Object.assign, not a spread: V8 gives a spread copy a map of its own, and every variable
  // added after it then builds new maps — 20 µs per call instead of 0.5 (Node 20).
  const env: Record<string, string> = Object.assign({}, options.env ?? DEFAULT_ENV);
  const fields = new Map<string, { name: string; values: string[] }>();
  let contentType: string | undefined;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType ??= value;
    const entry = fields.get(lower);
    if (entry === undefined) fields.set(lower, { name: lower, values: [value] });
    else entry.values.push(value);
  }
  // §4.1.1 AUTH_TYPE and §4.1.11 REMOTE_USER: only when the server authenticated the request.
  if (request.auth !== undefined) {
    env.AUTH_TYPE = request.auth.type;
    env.REMOTE_USER = request.auth.user;
  }
  // §4.1.2: "The server MUST set this meta-variable if and only if the request is accompanied
  // by a message-body entity."
  if (request.body !== undefined) env.CONTENT_LENGTH = String(request.body.length);
  // §4.1.3: "The server MUST set this meta-variable if an HTTP Content-Type field is present".
  if (contentType !== undefined) env.CONTENT_TYPE = contentType;
  env.GATEWAY_INTERFACE = 'CGI/1.1';
  // §4.1.5 / §4.1.6: PATH_INFO when the path goes on past the script; PATH_TRANSLATED only
  // with PATH_INFO ("If PATH_INFO is NULL, then the PATH_TRANSLATED variable MUST be set to
  // NULL (or unset)").
  if (request.pathInfo !== '') {
    env.PATH_INFO = request.pathInfo;
    if (options.documentRoot !== undefined) {
      env.PATH_TRANSLATED = join(options.documentRoot, request.pathInfo);
    }
  }
  // §4.1.7: "The server MUST set this variable; if the Script-URI does not include a query
  // component, the QUERY_STRING MUST be defined as an empty string".
  env.QUERY_STRING = request.queryString;
  env.REMOTE_ADDR = request.remoteAddr;
  // §4.1.9: no DNS lookup; "the server MAY substitute the REMOTE_ADDR value".
  env.REMOTE_HOST = request.remoteAddr;
  // §4.1.10 REMOTE_IDENT: MAY; we never ask an ident server.
  env.REQUEST_METHOD = request.method;
  env.SCRIPT_NAME = request.scriptName;
  env.SERVER_NAME = request.serverName;
  env.SERVER_PORT = String(request.serverPort);
  env.SERVER_PROTOCOL = request.protocol;
  env.SERVER_SOFTWARE = options.serverSoftware ?? DEFAULT_SERVER_SOFTWARE;
  // §4.1.18: "HTTP_" + the field name upper-cased, "-" replaced by "_"; repeated fields joined
  // as HTTP joins them (", "), Cookie with "; " (RFC 6265 §5.4).
  for (const { name, values } of fields.values()) {
    if (NEVER.has(name) || !MAPPABLE_NAME.test(name)) continue;
    if (name === 'authorization' && options.passAuthorization !== true) continue;
    const key = `HTTP_${name.toUpperCase().replaceAll('-', '_')}`;
    env[key] = values.join(name === 'cookie' ? '; ' : ', ');
  }
  return env;
}

/**
 * §4.4: argv words from an "isindex" query — one with no unencoded "=" — split on "+" and
 * decoded. Only with `isindexArgv`, and never a word that begins with "-" or holds a byte
 * outside printable ASCII (PHP-CGI CVE-2012-1823: `?-s` became a command-line option;
 * CVE-2024-4577: a soft hyphen %AD became "-" through Windows' best-fit mapping).
 */
export function isindexArgv(
  queryString: string,
  method: string,
  options: CgiOptions = {},
): string[] {
  if (options.isindexArgv !== true) return [];
  if (method !== 'GET' && method !== 'HEAD') return [];
  if (queryString === '' || queryString.includes('=')) return [];
  const words: string[] = [];
  for (const raw of queryString.split('+')) {
    let word: string;
    try {
      word = decodeURIComponent(raw);
    } catch {
      return [];
    }
    if (word === '' || word.startsWith('-') || !/^[\x20-\x7e]*$/.test(word)) return [];
    words.push(word);
  }
  return words;
}
