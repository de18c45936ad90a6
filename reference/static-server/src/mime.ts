/**
 * Content-Type from a file name's extension (RFC 9110 §8.3).
 *
 *   media-type = type "/" subtype parameters
 *
 * A server that does not know the type of a file sends `application/octet-stream`: RFC 9110
 * §8.3 lets a recipient sniff when the field is absent, and sniffing is how an uploaded
 * `.txt` becomes executable HTML in a browser. Sending a type for every response closes that.
 */

/** Types whose bytes are text: they carry `charset=utf-8` so a browser does not guess. */
const TEXT = new Set(['text', 'application/javascript', 'application/json', 'image/svg+xml']);

// A Map, not an object literal: `a.constructor` must not find Object.prototype.constructor.
const TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    html: 'text/html',
    htm: 'text/html',
    css: 'text/css',
    js: 'application/javascript',
    mjs: 'application/javascript',
    json: 'application/json',
    map: 'application/json',
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    xml: 'application/xml',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    wasm: 'application/wasm',
    pdf: 'application/pdf',
    woff: 'font/woff',
    woff2: 'font/woff2',
    mp3: 'audio/mpeg',
    mp4: 'video/mp4',
    webm: 'video/webm',
    zip: 'application/zip',
    gz: 'application/gzip',
  }),
);

/** Fallback for an unknown extension: "arbitrary binary data" (RFC 2046 §4.5.1). */
export const DEFAULT_TYPE = 'application/octet-stream';

export function contentType(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  // "name." and ".hidden" have no extension: the dot ends or starts the name.
  if (dot <= 0) return DEFAULT_TYPE;
  const type = TYPES.get(base.slice(dot + 1).toLowerCase());
  if (type === undefined) return DEFAULT_TYPE;
  const isText = TEXT.has(type) || TEXT.has(type.slice(0, type.indexOf('/')));
  return isText ? `${type}; charset=utf-8` : type;
}
