/**
 * The Python course, side by side with ours: a handful of WSGI apps (wsgi/apps.py) served by
 * Python's wsgiref.simple_server, and their TypeScript translations (apps.ts) served by the
 * reference gateway. The same request bytes must get the same status, reason, fields (less the
 * per-server Date, Server and Connection) and body.
 *
 * HTTP/1.0 requests: wsgiref.simple_server speaks HTTP/1.0 (no chunked coding), so a streamed
 * body is close-delimited on both sides and the framing can be compared too.
 *
 * Needs python3 (Debian; `.ci/run` installs it). Runs as uid 65534: we may be root here.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { exchange, parseResponse, type WireResponse } from '@hbu/kata-kit/socket-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../src/index.ts';
import { router } from './apps.ts';

let python: ChildProcess | undefined;
let pythonPort = 0;
let gateway: Server | undefined;
let gatewayPort = 0;

function startPython(): Promise<number> {
  return new Promise((resolve, reject) => {
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    python = spawn('python3', ['-u', join(import.meta.dirname, 'wsgi/serve.py')], {
      cwd: join(import.meta.dirname, 'wsgi'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1' },
      ...asNobody,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`wsgiref did not start: ${err}`)), 15_000);
    python.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    python.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    python.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`wsgiref exited with ${code}: ${err}`));
    });
  });
}

beforeAll(async () => {
  pythonPort = await startPython();
  gateway = serve(router, { onError: () => {} });
  await new Promise<void>((resolve) => gateway!.listen(0, '127.0.0.1', resolve));
  gatewayPort = (gateway.address() as { port: number }).port;
});

afterAll(async () => {
  python?.kill();
  await new Promise<void>((resolve) =>
    gateway === undefined ? resolve() : gateway.close(() => resolve()),
  );
});

const PER_SERVER = new Set(['date', 'server', 'connection']);
const comparable = (res: WireResponse) => ({
  status: res.status,
  reason: res.reason,
  fields: res.headerList
    .filter(([n]) => !PER_SERVER.has(n))
    .map(([n, v]) => `${n}: ${v}`)
    .sort(),
  body: res.body.toString('latin1'),
});

async function ask(port: number, bytes: string): Promise<WireResponse> {
  const raw = await exchange(port, Buffer.from(bytes, 'latin1'), 5_000);
  return parseResponse(raw, true)!;
}

const form = 'name=Ada+%26+%3Cfriends%3E';
const requests: Array<[string, string]> = [
  ['hello', 'GET /hello HTTP/1.0\r\nHost: a\r\n\r\n'],
  // With a Content-Type: without one, wsgiref invents CONTENT_TYPE=text/plain (the default of
  // Python's email.message); the gateway leaves the key out, as CGI (RFC 3875 §4.1.3) says.
  [
    'environ of a mounted app',
    'GET /env/caf%C3%A9/a%20b?x=1&y=%20 HTTP/1.0\r\nHost: a\r\nX-Test: yes\r\nContent-Type: text/x\r\n\r\n',
  ],
  [
    'environ of a POST',
    'POST /env HTTP/1.0\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nabc',
  ],
  [
    'a form',
    `POST /greet HTTP/1.0\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n${form}`,
  ],
  ['a streamed body (close-delimited)', 'GET /stream HTTP/1.0\r\nHost: a\r\n\r\n'],
  ['write() then a returned body', 'GET /write HTTP/1.0\r\nHost: a\r\n\r\n'],
  ['404 with repeated Set-Cookie', 'GET /missing HTTP/1.0\r\nHost: a\r\n\r\n'],
  ['an unknown path', 'GET /nothing/here HTTP/1.0\r\nHost: a\r\n\r\n'],
  ['a declared Content-Length', 'GET /declared HTTP/1.0\r\nHost: a\r\n\r\n'],
];

describe('gateway vs wsgiref.simple_server (python3)', () => {
  it.each(requests)('%s', async (_name, bytes) => {
    const theirs = await ask(pythonPort, bytes);
    const ours = await ask(gatewayPort, bytes);
    expect(comparable(ours)).toEqual(comparable(theirs));
  });
});
