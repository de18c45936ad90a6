/**
 * Stage 1: small applications, each showing one part of the interface.
 */
import type { App } from './types.ts';

const encoder = new TextEncoder();
const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** `Hello, world!\n` as text/plain: one chunk, so the server can send Content-Length. */
export const hello: App = (_environ, startResponse) => {
  startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
  return [utf8('Hello, world!\n')];
};

/** The CGI part of environ (keys without a dot, string values), as sorted JSON. */
export const environEcho: App = (environ, startResponse) => {
  const out: Record<string, string> = {};
  for (const key of Object.keys(environ).sort()) {
    const value = environ[key];
    if (!key.includes('.') && typeof value === 'string') out[key] = value;
  }
  startResponse('200 OK', [['Content-Type', 'application/json']]);
  return [utf8(`${JSON.stringify(out)}\n`)];
};

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET: an HTML form; POST (urlencoded): "Hello, <name>!" with the name escaped; other methods 405.
 * Reads at most CONTENT_LENGTH bytes: the input stream does the bounding.
 */
export const greetForm: App = (environ, startResponse) => {
  const html = [['Content-Type', 'text/html; charset=utf-8']] as [string, string][];
  if (environ.REQUEST_METHOD === 'GET' || environ.REQUEST_METHOD === 'HEAD') {
    startResponse('200 OK', html);
    return [utf8('<form method="post"><input name="name"><button>Greet</button></form>\n')];
  }
  if (environ.REQUEST_METHOD !== 'POST') {
    startResponse('405 Method Not Allowed', [
      ['Content-Type', 'text/plain; charset=utf-8'],
      ['Allow', 'GET, HEAD, POST'],
    ]);
    return [utf8('Method Not Allowed\n')];
  }
  return (async function* () {
    const body = await environ['gateway.input'].read();
    const name = new URLSearchParams(Buffer.from(body).toString('utf8')).get('name') ?? '';
    startResponse('200 OK', html);
    yield utf8(`<p>Hello, ${escapeHtml(name)}!</p>\n`);
  })();
};

/** `count` chunks `tick <i>\n`, one every `intervalMs` (an async generator). */
export function ticker(count: number, intervalMs: number): App {
  return (_environ, startResponse) => {
    startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
    return (async function* () {
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, intervalMs));
        yield utf8(`tick ${i}\n`);
      }
    })();
  };
}

/**
 * Fails `before` the head is sent (the server answers 500) or `after` (the server can only cut
 * the connection): the two cases PEP 3333's error handling separates.
 */
export function failing(when: 'before' | 'after'): App {
  return (_environ, startResponse) => {
    startResponse('200 OK', [['Content-Type', 'text/plain; charset=utf-8']]);
    return (function* () {
      if (when === 'after') yield utf8('partial ');
      throw new Error(`failing app (${when} the head)`);
    })();
  };
}
