/**
 * Which character encoding a body is in, and its text.
 *
 * Order (WHATWG Encoding "decode" and HTML §13.2.3.1, simplified): a byte order mark wins; then
 * the `charset` parameter of Content-Type (RFC 9110 §8.3.1); then, for HTML only, a
 * `<meta charset>` or `<meta http-equiv="content-type">` in the first 1024 bytes; else UTF-8.
 * Labels are whatever TextDecoder knows ("latin1" and "iso-8859-1" are windows-1252 there,
 * as in every browser).
 */
import { extractMeta } from './html/meta.ts';

function known(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

/** The parameters of a media type: `text/html; charset="utf-8"` → charset = utf-8. */
export function mediaTypeParam(contentType: string, name: string): string | undefined {
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') ? value.slice(1, value.indexOf('"', 1) >>> 0) : value;
  }
  return undefined;
}

/** The essence of a media type: `Text/HTML; charset=x` → `text/html`. */
export function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function fromBom(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function fromMeta(body: Uint8Array): string | undefined {
  const head = Buffer.from(body.subarray(0, 1024)).toString('latin1');
  const meta = extractMeta(head);
  let label = meta.charset;
  if (label === undefined && meta['http-equiv:content-type'] !== undefined) {
    label = mediaTypeParam(meta['http-equiv:content-type'], 'charset');
  }
  const encoding = known(label);
  // HTML: a meta that claims UTF-16 was read as ASCII, so it cannot be right: UTF-8.
  if (encoding?.startsWith('utf-16')) return 'utf-8';
  return encoding === 'x-user-defined' ? 'windows-1252' : encoding;
}

/** The encoding name (as TextDecoder spells it) of a body with this Content-Type. */
export function charsetOf(contentType: string | undefined, body: Uint8Array): string {
  return (
    fromBom(body) ??
    known(contentType === undefined ? undefined : mediaTypeParam(contentType, 'charset')) ??
    (essence(contentType) === 'text/html' ? fromMeta(body) : undefined) ??
    'utf-8'
  );
}

/** The body as text in its encoding (the BOM removed, bad bytes as U+FFFD). */
export function decodeBody(body: Uint8Array, charset: string): string {
  return new TextDecoder(charset).decode(body);
}
