/**
 * The script's response head (RFC 3875 §6).
 *
 *   generic-response = 1*header-field NL [ response-body ]
 *   header-field     = CGI-field | other-field
 *   CGI-field        = Content-Type | Location | Status
 *   Status           = "Status:" status-code SP reason-phrase NL
 *   Location         = local-Location | client-Location
 *   client-Location  = "Location:" fragment-URI NL
 *   local-Location   = "Location:" local-pathquery NL
 *
 * Lines end in LF or CRLF (scripts print "\n" far more often than "\r\n"; §6.3 asks the
 * server to accept the system's newline). A bare CR, a continuation line, a byte that may not
 * be in a field, or a field the server owns is a malformed response: 502, never sent raw.
 */
import { CgiError } from './errors.ts';
import type { CgiResponseHead } from './types.ts';

export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** field-value bytes: HTAB, SP–~, obs-text; never CR, LF, NUL or other controls. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/**
 * Fields the server itself must understand to send them: framing and connection management
 * (RFC 9110 §7.6.1, RFC 9112 §6). Passing a script's `Transfer-Encoding` or `Connection` raw
 * would let it break the framing of the response (response splitting / smuggling).
 */
const SERVER_OWNED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Parses the head at the start of `bytes`. Returns undefined while the empty line has not
 * arrived yet (more output needed); throws CgiError when what arrived cannot be a CGI head.
 */
export function parseCgiResponseHead(
  bytes: Uint8Array,
  maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES,
): { head: CgiResponseHead; bodyStart: number } | undefined {
  const lines: string[] = [];
  let at = 0;
  for (;;) {
    const lf = bytes.indexOf(0x0a, at);
    if (lf === -1) {
      if (bytes.length > maxHeaderBytes) throw new CgiError('ERR_CGI_HEADER_TOO_LARGE');
      return undefined;
    }
    if (lf + 1 > maxHeaderBytes) throw new CgiError('ERR_CGI_HEADER_TOO_LARGE');
    const end = lf > at && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    const line = Buffer.from(bytes.buffer, bytes.byteOffset + at, end - at).toString('latin1');
    at = lf + 1;
    if (line === '') break;
    lines.push(line);
  }
  if (lines.length === 0) throw new CgiError('ERR_CGI_MALFORMED_HEADER', 'no header fields');
  return { head: interpret(lines), bodyStart: at };
}

function interpret(lines: string[]): CgiResponseHead {
  const headers: Array<[string, string]> = [];
  let status: string | undefined;
  let location: string | undefined;
  let contentType = false;
  for (const line of lines) {
    const colon = line.indexOf(':');
    // A continuation line (obs-fold) starts with SP/HTAB: no valid name, rejected here too.
    if (colon <= 0) throw new CgiError('ERR_CGI_MALFORMED_HEADER', `not a field: ${line}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!TOKEN.test(name)) throw new CgiError('ERR_CGI_MALFORMED_HEADER', `bad name: ${name}`);
    if (!FIELD_VALUE.test(value))
      throw new CgiError('ERR_CGI_MALFORMED_HEADER', `bad value in ${name}`);
    const lower = name.toLowerCase();
    if (SERVER_OWNED.has(lower))
      throw new CgiError('ERR_CGI_FORBIDDEN_FIELD', `${name} is the server's field`);
    if (lower === 'status') {
      if (status !== undefined) throw new CgiError('ERR_CGI_INVALID_STATUS', 'Status twice');
      status = value;
    } else if (lower === 'location') {
      if (location !== undefined) throw new CgiError('ERR_CGI_INVALID_LOCATION', 'Location twice');
      location = value;
    } else if (lower === 'content-length') {
      // The server frames the body itself (chunked or close): a script that miscounts must not
      // desynchronise the connection. A value that is not a length is still a broken head.
      if (!/^\d+$/.test(value)) throw new CgiError('ERR_CGI_MALFORMED_HEADER', 'Content-Length');
    } else {
      if (lower === 'content-type') {
        if (contentType) throw new CgiError('ERR_CGI_MALFORMED_HEADER', 'Content-Type twice');
        contentType = true;
      }
      headers.push([name, value]);
    }
  }
  if (status === undefined && location === undefined && !contentType) {
    throw new CgiError('ERR_CGI_NO_CGI_FIELD');
  }
  const parsed = status === undefined ? undefined : parseStatus(status);
  if (location !== undefined) {
    if (/^\/(?!\/)/.test(location)) {
      // §6.2.2: local-redir-response = local-Location NL — nothing else. With other fields or a
      // Status it is not a local redirect; a relative Location to the client is not allowed.
      if (status === undefined && headers.length === 0) {
        return { kind: 'local-redirect', status: 200, reason: '', headers, location };
      }
      throw new CgiError('ERR_CGI_INVALID_LOCATION', 'a local Location with other fields');
    }
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(location)) {
      throw new CgiError('ERR_CGI_INVALID_LOCATION', `Location ${JSON.stringify(location)}`);
    }
    headers.push(['Location', location]);
    // §6.2.3: "the server MUST generate a 302 'Found' HTTP response" unless Status says more
    // (§6.2.4 client-redirdoc: a 3xx Status with a document).
    return {
      kind: 'client-redirect',
      status: parsed?.status ?? 302,
      reason: parsed?.reason ?? '',
      headers,
      location,
    };
  }
  return {
    kind: 'document',
    status: parsed?.status ?? 200,
    reason: parsed?.reason ?? '',
    headers,
  };
}

/** `Status: 404 Not Found` (the reason may be missing: many scripts print `Status: 404`). */
function parseStatus(value: string): { status: number; reason: string } {
  const m = /^([2-5]\d\d)(?:[ \t]+(.*))?$/.exec(value);
  if (m === null) throw new CgiError('ERR_CGI_INVALID_STATUS', `Status ${JSON.stringify(value)}`);
  return { status: Number(m[1]), reason: m[2] ?? '' };
}
