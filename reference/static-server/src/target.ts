/**
 * From request-target to a path under the web root (RFC 9112 §3.2, RFC 3986 §2.1, §3.3).
 *
 *   request-target = origin-form / absolute-form / authority-form / asterisk-form
 *   origin-form    = absolute-path [ "?" query ]
 *   absolute-path  = 1*( "/" segment )
 *   pct-encoded    = "%" HEXDIG HEXDIG
 *
 * The rules, each one a past vulnerability of a real server:
 * - decode exactly once, after splitting off the query: decoding twice turns `%252e%252e` into
 *   `..` (IIS, CVE-2001-0333);
 * - the decoded bytes must be UTF-8: overlong forms like `%c0%ae` (`.`) are not (CVE-2000-0884);
 * - NUL is refused: C APIs below would cut the name there (`secret.txt%00.png`);
 * - a `..` segment after decoding (`..%2f`, `%2e%2e`) is refused, never resolved;
 * - a backslash is refused: on Windows it is a separator (`..\..\`);
 * - the resolved name must sit inside the root *as a directory*: a plain string prefix test lets
 *   root `/srv/name.d` reach `/srv/name.dir` (CVE-2014-6394); symlinks are checked on the real
 *   path (see `server.ts`).
 */
import { join } from 'node:path';
import type { DotfilesPolicy } from './options.ts';

/** The outcome: a status to answer, or the file system path and what the client asked for. */
export type Resolved =
  | { ok: false; status: 400 | 403 | 404 }
  | {
      ok: true;
      /** Absolute path under root (not yet checked for symlinks). */
      path: string;
      /** Decoded segments, without the leading empty one. */
      segments: string[];
      /** The path ended in "/". */
      directory: boolean;
      /** `?query` as received, or "". */
      query: string;
    };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** absolute-form: the server ignores scheme and authority (RFC 9112 §3.2.2). */
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

export function resolveTarget(target: string, root: string, dotfiles: DotfilesPolicy): Resolved {
  let rest = target;
  const absolute = ABSOLUTE_FORM.exec(rest);
  if (absolute !== null) {
    // An empty path is "/" (RFC 9110 §4.2.3): "http://host?q" asks for "/?q".
    rest = rest.slice(absolute[0].length);
    if (!rest.startsWith('/')) rest = `/${rest}`;
  }
  if (!rest.startsWith('/')) return { ok: false, status: 400 };
  const q = rest.indexOf('?');
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q);

  const decoded = percentDecode(rawPath);
  if (decoded === undefined || decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 400 };
  }
  const segments = decoded.split('/').slice(1);
  let hidden = false;
  for (const segment of segments) {
    if (segment === '.' || segment === '..') return { ok: false, status: 403 };
    if (segment.startsWith('.')) hidden = true;
  }
  if (hidden && dotfiles !== 'allow') return { ok: false, status: dotfiles === 'deny' ? 403 : 404 };

  // No `..` is left, so the join stays under root; `respond.ts` checks the real path (symlinks).
  const path = join(root, ...segments);
  return { ok: true, path, segments, directory: decoded.endsWith('/'), query };
}

/** Percent-decodes to bytes, then reads them as UTF-8; undefined for a bad escape or bad UTF-8. */
export function percentDecode(s: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      // The target arrives one char per byte (latin1): raw obs-text bytes stay bytes.
      bytes.push(c);
    }
  }
  try {
    return UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** Encodes one decoded segment for a Location or an href (UTF-8, then percent-encoded). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment);
}
