/**
 * The bench's fixture site (and the README lab's): `PAGES` HTML pages of about 4 KiB, each with
 * ten links to other pages, gzip when asked, keep-alive, a robots.txt with one rule. Started by
 * `npm run site` (port 8080) or by the bench in a child process (`--port 0`); prints
 * `listening <port>`.
 */
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

export const PAGES = Number(process.env.BENCH_PAGES ?? 300);

function pageHtml(i: number): string {
  const links = Array.from(
    { length: 10 },
    (_, k) => `<li><a href="/p/${(i * 7 + k * 31 + 1) % PAGES}">page ${k}</a></li>`,
  );
  const prose =
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit. &copy; &amp; &lt;tag&gt; '.repeat(30);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page ${i}</title>
<style>body { font-family: sans-serif }</style></head>
<body><h1>Page ${i}</h1><!-- <a href="/not-a-link"> --><p>${prose}</p><ul>${links.join('')}</ul>
<script>var x = '<a href="/nope">';</script></body></html>`;
}

const plain = Array.from({ length: PAGES }, (_, i) => Buffer.from(pageHtml(i)));
const zipped = plain.map((b) => gzipSync(b));

const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0]!;
  if (process.env.SITE_LOG) console.log(req.method, req.url);
  if (path === '/robots.txt') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('User-agent: *\nDisallow: /private\n');
    return;
  }
  const n = path === '/' ? 0 : /^\/p\/(\d+)$/.exec(path)?.[1];
  const body = n === undefined ? undefined : Number(n);
  if (body === undefined || !(body < PAGES)) {
    res.writeHead(404, { 'Content-Type': 'text/html', 'Content-Length': '9' });
    res.end('not found');
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const bytes = gzip ? zipped[body]! : plain[body]!;
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(bytes.length),
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(bytes);
});
server.keepAliveTimeout = 30_000;

const portArg = process.argv.indexOf('--port');
const port = portArg < 0 ? 8080 : Number(process.argv[portArg + 1]);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address !== null ? address.port : port}`);
});
