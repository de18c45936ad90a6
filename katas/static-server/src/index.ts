/**
 * static-server — a static file server on bare sockets (`node:net` only; no `node:http`).
 *
 * This file is the stub: every exported name, type and doc comment is final; every function that
 * does work throws `NotImplementedError` naming the README stage to read. Split your solution into
 * as many modules as you like behind this file, but keep these exports.
 *
 * Requests are read with YOUR parser from kata 7 (http-message), imported through `./prereqs.ts`.
 * Not finished it yet? Switch `src/prereqs.ts` to the crutch (README, "Before you start").
 */
import type { Server } from 'node:net';
import { notImplemented } from '@hbu/kata-kit/not-implemented';
// Kata 7's parser reads the requests: one RequestParser per connection, HttpParseError.status to
// answer bad bytes with. Import it from ./prereqs.ts only, never from another path.
// biome-ignore lint/correctness/noUnusedImports: the stub does no work yet; your server will use them
import { HttpParseError, RequestParser } from './prereqs.ts';

/** What to do with a path that has a segment starting with "." (`.env`, `.git/config`). */
export type DotfilesPolicy = 'ignore' | 'deny' | 'allow';

export interface StaticServerOptions {
  /** The web root: an existing directory. Nothing outside it is ever read (README §4). */
  root: string;
  /** File names tried, in order, for a directory request ending in "/" (default `['index.html']`). */
  index?: string[];
  /** `ignore` (default): 404 as if absent; `deny`: 403; `allow`: serve like any file (README §4). */
  dotfiles?: DotfilesPolicy;
  /** Answer a directory without an index file with an HTML listing (default false: 403). */
  listing?: boolean;
  /** Close a connection whose request head is not complete this long after it began (default 10 s). */
  headerTimeoutMs?: number;
  /** Answer 408 and close when a request body is not complete this long after its head (default 10 s). */
  bodyTimeoutMs?: number;
  /** Close an idle keep-alive connection after this long without a new request (default 5 s). */
  keepAliveTimeoutMs?: number;
  /**
   * Destroy a connection whose client stops reading: no progress on a response, or no close
   * after ours, for this long (default 30 s).
   */
  sendTimeoutMs?: number;
  /** Largest request header section accepted; more is a 431 (default 16 KiB). */
  maxHeaderBytes?: number;
}

/**
 * Creates (does not start) a TCP server that serves the files under `options.root` over HTTP/1.1
 * and HTTP/1.0. The caller listens: `createStaticServer({ root }).listen(8080, '127.0.0.1')`.
 * Throws a `TypeError` at once when `root` does not exist or is not a directory.
 *
 * Stages: 1 files and MIME types, 2 methods and errors, 3 directories, 4 safe paths,
 * 5 conditional requests, 6 ranges, 7 keep-alive, pipelining, timeouts and streaming.
 */
export function createStaticServer(options: StaticServerOptions): Server {
  // TODO: README §1 (then §2 – §7)
  return notImplemented(`createStaticServer({ root: ${JSON.stringify(options.root)} })`, 1);
}

/**
 * The Content-Type for a file name, from its extension (case-insensitive): `text/html; charset=utf-8`
 * for `a.HTML`, `image/png` for `a.png`, `application/octet-stream` for anything unknown or without
 * an extension. Text types (`text/*`, JavaScript, JSON, SVG) carry `; charset=utf-8`.
 */
export function contentType(fileName: string): string {
  // TODO: README §1
  return notImplemented(`contentType(${JSON.stringify(fileName)})`, 1);
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7) into milliseconds since the epoch, or undefined when the
 * value is not one. All three formats are accepted, as a recipient must:
 *
 *   IMF-fixdate  = day-name "," SP date1 SP time-of-day SP GMT   ; Sun, 06 Nov 1994 08:49:37 GMT
 *   rfc850-date  = day-name-l "," SP date2 SP time-of-day SP GMT ; Sunday, 06-Nov-94 08:49:37 GMT
 *   asctime-date = day-name SP date3 SP time-of-day SP year      ; Sun Nov  6 08:49:37 1994
 */
export function parseHttpDate(value: string): number | undefined {
  // TODO: README §5
  return notImplemented(`parseHttpDate(${JSON.stringify(value)})`, 5);
}

/** An inclusive byte range: `{ start: 0, end: 499 }` is the first 500 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a Range header asks of a representation of `size` bytes (RFC 9110 §14.2):
 * - `ranges`: the satisfiable ranges, clamped to the size, in request order;
 * - `unsatisfiable`: a valid bytes range set none of whose ranges is satisfiable (416);
 * - `ignore`: not a valid `bytes` range set, another unit, or a set refused as abusive
 *   (more than 16 ranges, or overlapping ranges — CVE-2011-3192): serve the whole file (200).
 */
export type RangeResult =
  | { type: 'ranges'; ranges: ByteRange[] }
  | { type: 'unsatisfiable' }
  | { type: 'ignore' };

/**
 *   Range            = ranges-specifier
 *   ranges-specifier = range-unit "=" range-set
 *   range-set        = 1#range-spec
 *   range-spec       = int-range / suffix-range / other-range
 *   int-range        = first-pos "-" [ last-pos ]
 *   suffix-range     = "-" suffix-length
 */
export function parseRange(header: string, size: number): RangeResult {
  // TODO: README §6
  return notImplemented(`parseRange(${JSON.stringify(header)}, ${size})`, 6);
}
