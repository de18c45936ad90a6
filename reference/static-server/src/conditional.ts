/**
 * Validators and conditional requests (RFC 9110 §8.8, §13).
 *
 *   ETag         = entity-tag
 *   entity-tag   = [ weak ] opaque-tag
 *   weak         = %s"W/"
 *   opaque-tag   = DQUOTE *etagc DQUOTE
 *   If-Match     = "*" / #entity-tag
 *   If-None-Match = "*" / #entity-tag
 *   If-Range     = entity-tag / HTTP-date
 */
import { parseHttpDate } from './http-date.ts';

/** The fields a precondition reads; `get` as in Headers (undefined when absent). */
export interface FieldReader {
  get(name: string): string | undefined;
}

/**
 * A strong ETag from size and modification time (to the millisecond), as nginx does. Strong,
 * so If-Match and If-Range (which use the strong comparison) can ever match it.
 */
export function makeEtag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

const ENTITY_TAG = /(W\/)?"([^"]*)"/g;

/**
 * Whether a field value `*` / #entity-tag matches the current ETag. Strong comparison (§8.8.3.2):
 * both tags strong and opaque-tags equal; weak comparison: opaque-tags equal, W/ ignored.
 */
export function etagMatches(field: string, etag: string, strong: boolean): boolean {
  // Field values arrive with surrounding whitespace already removed (RFC 9110 §5.5).
  if (field === '*') return true;
  for (const m of field.matchAll(ENTITY_TAG)) {
    if (strong && m[1] !== undefined) continue;
    if (`"${m[2]}"` === etag) return true;
  }
  return false;
}

/**
 * RFC 9110 §13.2.2, in its order, for GET and HEAD:
 * 1. If-Match present: false → 412.
 * 2. else If-Unmodified-Since (a valid date): modified after it → 412.
 * 3. If-None-Match present: true → 304.
 * 4. else If-Modified-Since (a valid date): not modified after it → 304.
 * The date comparisons are at one-second resolution: that is all an HTTP-date carries.
 */
export function evaluatePreconditions(
  fields: FieldReader,
  etag: string,
  lastModifiedMs: number,
): 200 | 304 | 412 {
  const ifMatch = fields.get('if-match');
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, etag, true)) return 412;
  } else {
    const since = dateField(fields, 'if-unmodified-since');
    if (since !== undefined && lastModifiedMs > since) return 412;
  }
  const ifNoneMatch = fields.get('if-none-match');
  if (ifNoneMatch !== undefined) {
    return etagMatches(ifNoneMatch, etag, false) ? 304 : 200;
  }
  const since = dateField(fields, 'if-modified-since');
  return since !== undefined && lastModifiedMs <= since ? 304 : 200;
}

/**
 * If-Range (§13.1.5): the Range applies only if the representation is unchanged. An entity-tag
 * matches by the strong comparison; a date matches only if it equals Last-Modified exactly.
 */
export function ifRangeMatches(value: string, etag: string, lastModifiedMs: number): boolean {
  // A weak tag (W/"…") never matches by the strong comparison, and is not a date either.
  if (value.startsWith('"')) return etagMatches(value, etag, true);
  return parseHttpDate(value) === lastModifiedMs;
}

function dateField(fields: FieldReader, name: string): number | undefined {
  const value = fields.get(name);
  return value === undefined ? undefined : parseHttpDate(value);
}
