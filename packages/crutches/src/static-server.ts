/**
 * Crutch for kata 9 (static-server): the same exports as `katas/static-server/src/index.ts`,
 * built on Node's own HTTP server (`node:http`, llhttp inside) and pillarjs/send, the file
 * responder behind Express's `serve-static`. Forbidden in static-server itself; allowed in the
 * katas that stand on it (cgi-runner): `export * from '@hbu/crutches/static-server';`.
 *
 * `listing: true` is not supported (send has no directory listing): directories without an index
 * answer 403 as with `listing: false`. Everything else maps onto send's and node:http's options.
 */
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:net';
import { extname, resolve } from 'node:path';
import send from 'send';

export type DotfilesPolicy = 'ignore' | 'deny' | 'allow';

export interface StaticServerOptions {
  root: string;
  index?: string[];
  dotfiles?: DotfilesPolicy;
  listing?: boolean;
  headerTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  maxHeaderBytes?: number;
}

export function createStaticServer(options: StaticServerOptions): Server {
  const root = resolve(options.root);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new TypeError(`root does not exist: ${options.root}`);
  }
  if (!isDir) throw new TypeError(`root is not a directory: ${options.root}`);
  const server = createServer(
    {
      headersTimeout: options.headerTimeoutMs ?? 10_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
    },
    (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': '0' }).end();
        return;
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      send(req, path, {
        root,
        index: options.index ?? ['index.html'],
        dotfiles: options.dotfiles ?? 'ignore',
      })
        .on('directory', () => {
          // A directory without its trailing slash moves there (its index is tried there);
          // with the slash and no index it is never listed.
          if (!path.endsWith('/')) {
            res.writeHead(301, { Location: `${path}/`, 'Content-Length': '0' }).end();
            return;
          }
          res.writeHead(403, {
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Length': '10',
          });
          res.end('Forbidden\n');
        })
        .pipe(res);
    },
  );
  return server;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
};

export function contentType(fileName: string): string {
  return TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const DAY_L = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MON = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const FORMATS: Array<
  [RegExp, (m: RegExpExecArray) => [number, string, number, string, string, string]]
> = [
  [
    new RegExp(`^${DAY}, (\\d{2}) ${MON} (\\d{4}) ${TIME} GMT$`),
    (m) => [Number(m[3]), m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!],
  ],
  [
    new RegExp(`^${DAY_L}, (\\d{2})-${MON}-(\\d{2}) ${TIME} GMT$`),
    (m) => {
      // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
      const yy = Number(m[3]);
      const now = new Date().getUTCFullYear();
      let year = Math.floor(now / 100) * 100 + yy;
      if (year > now + 50) year -= 100;
      return [year, m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!];
    },
  ],
  [
    new RegExp(`^${DAY} ${MON} ([ \\d]\\d) ${TIME} (\\d{4})$`),
    (m) => [Number(m[6]), m[1]!, Number(m[2]!.trim()), m[3]!, m[4]!, m[5]!],
  ],
];

export function parseHttpDate(value: string): number | undefined {
  for (const [pattern, fields] of FORMATS) {
    const m = pattern.exec(value);
    if (m === null) continue;
    const [year, mon, day, h, mi, s] = fields(m);
    const month = MONTHS.indexOf(mon);
    const ms = Date.UTC(year, month, day, Number(h), Number(mi), Number(s));
    const d = new Date(ms);
    // Reject 31 Feb and 25:00:00 rather than let Date roll them over.
    if (
      d.getUTCDate() !== day ||
      d.getUTCMonth() !== month ||
      Number(h) > 23 ||
      Number(mi) > 59 ||
      Number(s) > 60
    )
      return undefined;
    return ms;
  }
  return undefined;
}

export interface ByteRange {
  start: number;
  end: number;
}

export type RangeResult =
  | { type: 'ranges'; ranges: ByteRange[] }
  | { type: 'unsatisfiable' }
  | { type: 'ignore' };

export function parseRange(header: string, size: number): RangeResult {
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (m === null) return { type: 'ignore' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length > 16) return { type: 'ignore' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (r === null || (r[1] === '' && r[2] === '')) return { type: 'ignore' };
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix > 0 && size > 0) ranges.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(r[1]);
    const end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) return { type: 'ignore' };
    if (start < size) ranges.push({ start, end });
  }
  if (ranges.length === 0) return { type: 'unsatisfiable' };
  // CVE-2011-3192: overlapping ranges are refused as abusive.
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.start <= sorted[i - 1]!.end) return { type: 'ignore' };
  return { type: 'ranges', ranges };
}
