/**
 * The TypeScript translations of wsgi/apps.py, mounted under the same names.
 */
import { type App, type Header, mount } from '../src/index.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const TEXT: Header[] = [['Content-Type', 'text/plain; charset=utf-8']];

const hello: App = (_e, startResponse) => {
  startResponse('200 OK', TEXT);
  return [enc('Hello, world!\n')];
};

const environEcho: App = (environ, startResponse) => {
  const keys = [
    'CONTENT_LENGTH',
    'CONTENT_TYPE',
    'HTTP_X_TEST',
    'PATH_INFO',
    'QUERY_STRING',
    'REQUEST_METHOD',
    'SCRIPT_NAME',
  ];
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = environ[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  startResponse('200 OK', [['Content-Type', 'application/json']]);
  return [enc(JSON.stringify(out))];
};

const greet: App = (environ, startResponse) =>
  (async function* () {
    const body = Buffer.from(await environ['gateway.input'].read()).toString('utf8');
    const name = new URLSearchParams(body).get('name') ?? '';
    startResponse('200 OK', [['Content-Type', 'text/html; charset=utf-8']]);
    yield enc(`<p>Hello, ${name.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}!</p>\n`);
  })();

const stream: App = (_e, startResponse) => {
  startResponse('200 OK', TEXT);
  return (function* () {
    for (let i = 0; i < 3; i++) yield enc(`line ${i}\n`);
  })();
};

const legacyWrite: App = (_e, startResponse) => {
  const write = startResponse('200 OK', TEXT);
  write(enc('written, '));
  return [enc('then returned')];
};

const missing: App = (_e, startResponse) => {
  startResponse('404 Not Found', [
    ...TEXT,
    ['X-Reason', 'no such thing'],
    ['Set-Cookie', 'a=1'],
    ['Set-Cookie', 'b=2'],
  ]);
  return [enc('not here\n')];
};

const declared: App = (_e, startResponse) => {
  startResponse('200 OK', [...TEXT, ['Content-Length', '6']]);
  return [enc('abc'), enc('def')][Symbol.iterator]();
};

export const router: App = mount({
  '/hello': hello,
  '/env': environEcho,
  '/greet': greet,
  '/stream': stream,
  '/write': legacyWrite,
  '/missing': missing,
  '/declared': declared,
  '/': missing,
});
