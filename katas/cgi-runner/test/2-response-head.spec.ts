import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CgiError, parseCgiResponseHead } from '../src/index.ts';

const parse = (text: string) => parseCgiResponseHead(Buffer.from(text, 'latin1'));
const head = (text: string) => {
  const parsed = parse(text);
  if (parsed === undefined) throw new Error(`no head parsed from ${JSON.stringify(text)}`);
  return parsed.head;
};
const rejects = (text: string, code: string, why: string) =>
  expectCode(() => parse(text), CgiError, code, hint(2, why));

describe('2. The response head', () => {
  describe('document response (RFC 3875 §6.2.1)', () => {
    it('Content-Type alone: 200 OK with that field', () => {
      const h = head('Content-Type: text/plain\n\nhi');
      expect(h.kind).toBe('document');
      expect(h.status).toBe(200);
      expect(h.headers).toEqual([['Content-Type', 'text/plain']]);
      expect(h.reason, hint(2, 'no Status, no reason: the server picks the standard one')).toBe('');
    });
    it('returns where the body starts (after LF LF)', () => {
      expect(parse('Content-Type: text/plain\n\nhi')?.bodyStart).toBe(26);
    });
    it('accepts CRLF line ends and returns where the body starts', () => {
      const parsed = parse('Content-Type: text/plain\r\n\r\nhi');
      expect(parsed?.head.headers).toEqual([['Content-Type', 'text/plain']]);
      expect(parsed?.bodyStart).toBe(28);
    });
    it('accepts bare LF and CRLF mixed in one head (§6.3: the system newline)', () => {
      const h = head('Content-Type: text/plain\r\nX-A: 1\n\r\n');
      expect(h.headers).toEqual([
        ['Content-Type', 'text/plain'],
        ['X-A', '1'],
      ]);
    });
    it('Status sets the status and reason (§6.3.3)', () => {
      const h = head('Status: 404 Not Here\nContent-Type: text/plain\n\n');
      expect(h.status).toBe(404);
      expect(h.reason).toBe('Not Here');
    });
    it('a Status without a reason phrase leaves the reason empty', () => {
      const h = head('Status: 201\nContent-Type: text/plain\n\n');
      expect(h.status).toBe(201);
      expect(h.reason).toBe('');
    });
    it('takes the reason after any run of spaces or tabs (OWS, RFC 9110 §5.6.3)', () => {
      expect(head('Status: 404   Not Here\nContent-Type: a/b\n\n').reason).toBe('Not Here');
      expect(head('Status: 404\tNot Here\nContent-Type: a/b\n\n').reason).toBe('Not Here');
    });
    it('Status alone (no Content-Type, no body) is a valid response, e.g. 204', () => {
      const h = head('Status: 204 No Content\n\n');
      expect(h.kind).toBe('document');
      expect(h.status).toBe(204);
    });
    it('matches CGI field names case-insensitively', () => {
      const h = head('STATUS: 410 Gone\ncontent-type: text/plain\n\n');
      expect(h.status).toBe(410);
      expect(h.headers).toEqual([['content-type', 'text/plain']]);
    });
    it('does not pass Status on as a field', () => {
      expect(head('Status: 200 OK\nContent-Type: a/b\n\n').headers.map(([n]) => n)).not.toContain(
        'Status',
      );
    });
    it('keeps other fields in order, with repeated Set-Cookie', () => {
      const h = head('Content-Type: text/html\nSet-Cookie: a=1\nX-Thing: y\nSet-Cookie: b=2\n\n');
      expect(h.headers).toEqual([
        ['Content-Type', 'text/html'],
        ['Set-Cookie', 'a=1'],
        ['X-Thing', 'y'],
        ['Set-Cookie', 'b=2'],
      ]);
    });
    it('trims whitespace around field values', () => {
      expect(head('Content-Type:   text/plain  \n\n').headers).toEqual([
        ['Content-Type', 'text/plain'],
      ]);
    });
    it('drops a valid Content-Length: the server frames the body itself', () => {
      expect(head('Content-Type: a/b\nContent-Length: 5\n\nhello').headers).toEqual([
        ['Content-Type', 'a/b'],
      ]);
      expect(
        head('Content-Type: a/b\nContent-Length: 1024\n\n').headers,
        hint(2, 'Content-Length = 1*DIGIT'),
      ).toEqual([['Content-Type', 'a/b']]);
    });
  });

  describe('redirects (§6.2.2 – §6.2.4)', () => {
    it('Location: /path alone is a local redirect', () => {
      const h = head('Location: /other?x=1\n\n');
      expect(h.kind, hint(2, 'an abs-path Location with no other field is a local redirect')).toBe(
        'local-redirect',
      );
      expect(h.location).toBe('/other?x=1');
      expect(h.reason, hint(2, 'a local redirect carries no Status, so no reason')).toBe('');
    });
    it('Location: an absolute URI is a client redirect, 302 Found by default', () => {
      const h = head('Location: https://example.com/x\n\n');
      expect(h.kind).toBe('client-redirect');
      expect(h.status).toBe(302);
      expect(h.reason, hint(2, "no Status: the server says 'Found' itself")).toBe('');
      expect(h.headers).toContainEqual(['Location', 'https://example.com/x']);
    });
    it('a client Location may use any scheme: letters, digits, "+", "-", "." (RFC 3986 §3.1)', () => {
      for (const uri of [
        'HTTPS://EXAMPLE.COM/',
        'svn+ssh://h/r',
        'ms-settings:display',
        'z39.50r://h/db',
      ]) {
        const h = head(`Location: ${uri}\n\n`);
        expect(h.kind, hint(2, `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ): ${uri}`)).toBe(
          'client-redirect',
        );
        expect(h.location).toBe(uri);
      }
    });
    it('a client redirect with a document keeps Status, Content-Type and the body (§6.2.4)', () => {
      const text = 'Status: 301 Moved\nLocation: http://a.test/\nContent-Type: text/html\n\n<a>';
      const parsed = parse(text);
      expect(parsed?.head.kind).toBe('client-redirect');
      expect(parsed?.head.status).toBe(301);
      expect(parsed?.head.headers).toContainEqual(['Content-Type', 'text/html']);
      expect(parsed?.bodyStart).toBe(text.length - 3);
    });
    it('rejects a local Location mixed with other fields (it would be a relative redirect)', () => {
      rejects(
        'Location: /x\nContent-Type: text/plain\n\n',
        'ERR_CGI_INVALID_LOCATION',
        'local-redir-response = local-Location NL',
      );
    });
    it('rejects a Location that is neither /path nor scheme:… (//host is not local)', () => {
      rejects(
        'Location: //evil.test/\n\n',
        'ERR_CGI_INVALID_LOCATION',
        'a network-path reference is neither',
      );
      rejects(
        'Location: relative/path\n\n',
        'ERR_CGI_INVALID_LOCATION',
        'relative references are not allowed',
      );
    });
    it('rejects a Location whose scheme does not start with a letter, or with a space in it', () => {
      rejects('Location: 9a:b\n\n', 'ERR_CGI_INVALID_LOCATION', 'a scheme starts with ALPHA');
      rejects('Location: +http://a/\n\n', 'ERR_CGI_INVALID_LOCATION', 'a scheme starts with ALPHA');
      rejects('Location: http://a.test/a b\n\n', 'ERR_CGI_INVALID_LOCATION', 'a URI has no spaces');
    });
    it('rejects a local Location with a Status (a local redirect is the Location alone)', () => {
      rejects(
        'Status: 302 Found\nLocation: /x\n\n',
        'ERR_CGI_INVALID_LOCATION',
        'local-redir-response = local-Location NL',
      );
    });
    it('rejects two Location fields', () => {
      rejects(
        'Location: http://a/\nLocation: http://b/\n\n',
        'ERR_CGI_INVALID_LOCATION',
        'one Location',
      );
    });
  });

  describe('incomplete output', () => {
    it('returns undefined until the empty line arrives', () => {
      expect(parse('Content-Type: text/plain\n')).toBeUndefined();
      expect(parse('Content-Type: text/pl')).toBeUndefined();
      expect(parse('')).toBeUndefined();
    });
    it('accepts a head of exactly maxHeaderBytes, empty line included', () => {
      const text = `Content-Type: a/b\nX-Pad: ${'p'.repeat(256 - 27)}\n\n`;
      expect(text.length).toBe(256);
      const parsed = parseCgiResponseHead(Buffer.from(`${text}body`), 256);
      expect(parsed?.bodyStart, hint(2, 'the limit counts the head, not the body')).toBe(256);
      expect(parseCgiResponseHead(Buffer.from('p'.repeat(256)), 256)).toBeUndefined();
    });
    it('throws ERR_CGI_HEADER_TOO_LARGE for a complete head one byte over the limit', () => {
      expectCode(
        () =>
          parseCgiResponseHead(
            Buffer.from(`Content-Type: a/b\nX-Pad: ${'p'.repeat(230)}\n\n`),
            256,
          ),
        CgiError,
        'ERR_CGI_HEADER_TOO_LARGE',
        hint(2, 'check the size of each line as it is found, not only at the end'),
      );
    });
    it('throws ERR_CGI_HEADER_TOO_LARGE past maxHeaderBytes without an end', () => {
      expectCode(
        () => parseCgiResponseHead(Buffer.from(`X-Big: ${'a'.repeat(300)}`), 256),
        CgiError,
        'ERR_CGI_HEADER_TOO_LARGE',
        hint(2, 'bound the head a script may print'),
      );
    });
  });

  describe('malformed heads (502 for the client)', () => {
    it('rejects a head with no CGI field: ERR_CGI_NO_CGI_FIELD', () => {
      rejects(
        'X-Only: 1\n\n',
        'ERR_CGI_NO_CGI_FIELD',
        'one of Content-Type, Location, Status is required',
      );
    });
    it('rejects a line that is not a field', () => {
      rejects('this is not a header\n\n', 'ERR_CGI_MALFORMED_HEADER', 'name ":" value');
    });
    it('rejects output that starts with the empty line', () => {
      rejects('\nbody', 'ERR_CGI_MALFORMED_HEADER', 'at least one header field');
    });
    it('rejects a continuation line (obs-fold)', () => {
      rejects(
        'Content-Type: text/plain\n X-Folded: 1\n\n',
        'ERR_CGI_MALFORMED_HEADER',
        'no folded lines',
      );
    });
    it('rejects a field name with a space or a non-token byte', () => {
      rejects('Content Type: text/plain\n\n', 'ERR_CGI_MALFORMED_HEADER', 'field names are tokens');
      rejects(
        'X(1): a\nContent-Type: a/b\n\n',
        'ERR_CGI_MALFORMED_HEADER',
        'field names are tokens',
      );
    });
    it('rejects a bare CR inside a line (response splitting)', () => {
      rejects(
        'Content-Type: text/plain\rSet-Cookie: x=1\n\n',
        'ERR_CGI_MALFORMED_HEADER',
        'CR only before LF',
      );
    });
    it('rejects a NUL or control byte in a value', () => {
      rejects('Content-Type: text/\0plain\n\n', 'ERR_CGI_MALFORMED_HEADER', 'field-value bytes');
      rejects('Content-Type: text/\x07plain\n\n', 'ERR_CGI_MALFORMED_HEADER', 'field-value bytes');
    });
    it('rejects a Status that is not 3 digits in 200–599', () => {
      for (const bad of ['abc', '99', '2000 Big', '100 Continue', '600 Nope', ' ', 'x404 Gone']) {
        rejects(
          `Status: ${bad}\nContent-Type: a/b\n\n`,
          'ERR_CGI_INVALID_STATUS',
          `Status: ${bad}`,
        );
      }
    });
    it('rejects two Status fields', () => {
      rejects('Status: 200 OK\nStatus: 404 No\n\n', 'ERR_CGI_INVALID_STATUS', 'one Status');
    });
    it('rejects two Content-Type fields', () => {
      rejects(
        'Content-Type: a/b\nContent-Type: c/d\n\n',
        'ERR_CGI_MALFORMED_HEADER',
        'one Content-Type',
      );
    });
    it('rejects a Content-Length that is not a number', () => {
      rejects(
        'Content-Type: a/b\nContent-Length: 5, 6\n\n',
        'ERR_CGI_MALFORMED_HEADER',
        'Content-Length = 1*DIGIT',
      );
    });
    it('rejects the fields the server owns: Transfer-Encoding, Connection, Upgrade, Trailer…', () => {
      for (const field of [
        'Transfer-Encoding: chunked',
        'Connection: close',
        'Upgrade: h2c',
        'Trailer: X',
        'Keep-Alive: 5',
        'TE: trailers',
        'Proxy-Connection: keep-alive',
      ]) {
        rejects(
          `Content-Type: a/b\n${field}\n\n`,
          'ERR_CGI_FORBIDDEN_FIELD',
          `${field} is the server's to set`,
        );
      }
    });
  });
});
