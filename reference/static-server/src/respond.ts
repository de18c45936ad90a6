/**
 * From a parsed request to a Reply: status, fields and body parts (RFC 9110 §9.3.1, §9.3.2,
 * §13, §14, §15). No bytes are written here; `connection.ts` writes Replies in order.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { evaluatePreconditions, ifRangeMatches, makeEtag } from './conditional.ts';
import { type Entry, listingPage, redirectPage } from './html.ts';
import { formatHttpDate } from './http-date.ts';
import { contentType } from './mime.ts';
import type { Settings } from './options.ts';
import type { RequestHead } from './prereqs.ts';
import { type ByteRange, parseRange } from './range.ts';
import { encodeSegment, resolveTarget } from './target.ts';

/** A body part: bytes in memory, or an inclusive slice of `Reply.file`. */
export type BodyPart = Buffer | ByteRange;

export interface Reply {
  status: number;
  headers: Array<[string, string]>;
  body: BodyPart[];
  /** Content-Length; undefined for a 304, which has no content (§15.4.5). */
  length: number | undefined;
  /** The open file the ByteRange parts are read from; the writer closes it. */
  file?: FileHandle;
}

export const ALLOW = 'GET, HEAD, OPTIONS';
const HTML = 'text/html; charset=utf-8';

export async function respond(head: RequestHead, settings: Settings): Promise<Reply> {
  // §9.3.7 OPTIONS: what the server (`OPTIONS *`, asterisk-form, RFC 9112 §3.2.4) or a resource
  // supports. A 200 with Allow and no content ("A server generating a successful response to
  // OPTIONS SHOULD send any header that might indicate optional features").
  if (head.method === 'OPTIONS' && head.target === '*') return optionsReply();
  // §9.1: GET, HEAD and OPTIONS are what a file supports; 405 "MUST generate an Allow header field".
  if (head.method !== 'GET' && head.method !== 'HEAD' && head.method !== 'OPTIONS') {
    return textReply(405, [['Allow', ALLOW]]);
  }
  const target = resolveTarget(head.target, settings.root, settings.dotfiles);
  if (!target.ok) return textReply(target.status);
  // The path checks above apply to OPTIONS too: it tells nothing about a path GET would refuse.
  if (head.method === 'OPTIONS') return optionsReply();

  const found = await lookup(target.path, settings.root);
  if (found === undefined) return textReply(404);
  const { real, file, stats } = found;

  if (stats.isFile()) {
    // "/file.txt/" names a directory that does not exist.
    if (!target.directory) return serveFile(head, real, file, stats);
    await file.close();
    return textReply(404);
  }
  await file.close();
  if (!stats.isDirectory()) return textReply(404);
  if (!target.directory) {
    // Built from decoded segments, so "//evil.example" cannot become a protocol-relative
    // Location (CVE-2015-1164): the path always starts with exactly one "/".
    const location = `/${target.segments
      .filter((s) => s !== '')
      .map(encodeSegment)
      .join('/')}/${target.query}`;
    return textReply(301, [['Location', location]], redirectPage(location), HTML);
  }
  for (const name of settings.index) {
    const index = await lookup(join(real, name), settings.root);
    if (index === undefined) continue;
    if (index.stats.isFile()) return serveFile(head, index.real, index.file, index.stats);
    await index.file.close();
  }
  if (!settings.listing) return textReply(403);
  const entries: Entry[] = [];
  for (const d of await readdir(real, { withFileTypes: true })) {
    if (d.name.startsWith('.') && settings.dotfiles !== 'allow') continue;
    entries.push({ name: d.name, directory: d.isDirectory() });
  }
  return textReply(
    200,
    [],
    listingPage(
      target.segments.filter((s) => s !== ''),
      entries,
    ),
    HTML,
  );
}

/** An open file (or directory) under the root. */
interface Found {
  real: string;
  file: FileHandle;
  stats: Stats;
}

/** O_NONBLOCK: opening a FIFO someone left in the root must not hang the server. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Opens the real path (symlinks resolved), or undefined when it does not exist or its real path
 * leaves the root: a symlink to /etc is "not found", not a way out. Stats come from the open
 * descriptor, so they describe what will be read even if the name is replaced meanwhile. The
 * caller closes `file`.
 */
async function lookup(path: string, root: string): Promise<Found | undefined> {
  let real: string;
  let file: FileHandle;
  try {
    real = await realpath(path);
    if (real !== root && !real.startsWith(root + sep)) return undefined;
    file = await open(real, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    return { real, file, stats: await file.stat() };
  } catch {
    await file.close();
    return undefined;
  }
}

async function serveFile(
  head: RequestHead,
  path: string,
  file: FileHandle,
  stats: Stats,
): Promise<Reply> {
  try {
    const etag = makeEtag(stats.size, stats.mtimeMs);
    const lastModified = Math.floor(stats.mtimeMs / 1000) * 1000;
    const validators: Array<[string, string]> = [['ETag', etag]];

    const precondition = evaluatePreconditions(head.headers, etag, lastModified);
    if (precondition === 304) {
      await file.close();
      // §15.4.5: ETag yes; Content-Type, Content-Length and the body no.
      return { status: 304, headers: validators, body: [], length: undefined };
    }
    if (precondition === 412) {
      await file.close();
      return textReply(412);
    }
    const type = contentType(path);
    const fields: Array<[string, string]> = [
      ...validators,
      ['Last-Modified', formatHttpDate(lastModified)],
      ['Accept-Ranges', 'bytes'],
    ];
    const size = stats.size;
    const range = head.headers.get('range');
    const ifRange = head.headers.get('if-range');
    // §14.2: Range is defined for GET only; a HEAD answers as the full GET would.
    if (
      range !== undefined &&
      head.method === 'GET' &&
      (ifRange === undefined || ifRangeMatches(ifRange, etag, lastModified))
    ) {
      const result = parseRange(range, size);
      if (result.type === 'unsatisfiable') {
        await file.close();
        return textReply(416, [['Content-Range', `bytes */${size}`]]);
      }
      if (result.type === 'ranges') {
        return partial(file, type, size, result.ranges, fields);
      }
    }
    return {
      status: 200,
      headers: [['Content-Type', type], ...fields],
      body: size === 0 ? [] : [{ start: 0, end: size - 1 }],
      length: size,
      file,
    };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/**
 * 206 (§15.3.7): one range is sent as itself with Content-Range; several as multipart/byteranges
 * (§14.6), each part with its own Content-Type and Content-Range.
 */
function partial(
  file: FileHandle,
  type: string,
  size: number,
  ranges: ByteRange[],
  fields: Array<[string, string]>,
): Reply {
  if (ranges.length === 1) {
    const r = ranges[0]!;
    return {
      status: 206,
      headers: [
        ['Content-Type', type],
        ['Content-Range', `bytes ${r.start}-${r.end}/${size}`],
        ...fields,
      ],
      body: [r],
      length: r.end - r.start + 1,
      file,
    };
  }
  const boundary = randomBytes(12).toString('hex');
  const body: BodyPart[] = [];
  for (const r of ranges) {
    body.push(
      Buffer.from(
        `--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
      ),
      r,
      Buffer.from('\r\n'),
    );
  }
  body.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    status: 206,
    headers: [['Content-Type', `multipart/byteranges; boundary=${boundary}`], ...fields],
    body,
    length: body.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.end - p.start + 1), 0),
    file,
  };
}

/** 200 with Allow and an empty body (Content-Length: 0, so the connection stays usable). */
function optionsReply(): Reply {
  return { status: 200, headers: [['Allow', ALLOW]], body: [], length: 0 };
}

/** A reply with a short body: the reason phrase for errors, or the given text. */
export function textReply(
  status: number,
  headers: Array<[string, string]> = [],
  text = `${status} ${reasonPhrase(status)}\n`,
  type = 'text/plain; charset=utf-8',
): Reply {
  const bytes = Buffer.from(text, 'utf8');
  return {
    status,
    headers: [['Content-Type', type], ...headers],
    body: [bytes],
    length: bytes.length,
  };
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  206: 'Partial Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}
