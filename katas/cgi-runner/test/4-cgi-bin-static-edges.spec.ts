/**
 * Stage 4, the edges of the glue between the CGI server and kata 9's static server: what is
 * forwarded to it (a body with its length, not the client's hop-by-hop fields), and what comes
 * back (the answer byte for byte, its framing and connection fields rewritten, backpressure
 * honoured, nothing left open when the client goes away).
 */
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import {
  connect,
  exchange,
  parseResponse,
  type RunningServer,
  type TestSocket,
} from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { get, text, until, useCgiServer, WWW } from './support.ts';

const start = useCgiServer();
const PAGE = 'a static page\n';

/** `size` bytes that depend on their offset: a chunk sent twice or out of place shows. */
function patterned(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 16)) % 251;
  return bytes;
}

/** Runs `body` with a fresh web root holding `files`, removed after. */
async function withRoot(
  files: Record<string, Buffer>,
  body: (root: string) => Promise<void>,
): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'cgi-runner-4-edges-'));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(root, name), bytes);
    await body(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Larger than every socket buffer between the static server and a client that stops reading. */
const HUGE = 24 * 1024 * 1024;

/**
 * Asks for `/huge.bin` and stops reading after its first bytes; resolves once the server has
 * more queued for this client than a socket takes without waiting ('drain'): from here on,
 * only backpressure keeps the server from buffering the rest of the file.
 */
async function stallOn(server: RunningServer): Promise<{ socket: TestSocket; conn: Socket }> {
  const socket = await connect(server.port);
  await socket.write('GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n');
  await socket.waitFor('the first bytes', (buf) => (buf.length > 0 ? true : undefined), 8_000);
  socket.socket.pause();
  const conn = server.connections[0]!;
  const full = await until(() => conn.writableLength >= conn.writableHighWaterMark, 8_000);
  expect(full, 'the server never had to wait for this client').toBe(true);
  return { socket, conn };
}

/**
 * The local addresses (as /proc/net/tcp{,6} spells them: hex, IPv4 little-endian) of every TCP
 * socket this process listens on, or undefined where /proc does not list them.
 */
function listeningAddresses(): string[] | undefined {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync('/proc/self/fd')) {
      try {
        const socket = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
        if (socket !== null) inodes.add(socket[1]!);
      } catch {
        // closed meanwhile
      }
    }
    const found: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'latin1').trim().split('\n').slice(1)) {
        const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
        if (state === '0A' && inodes.has(inode!)) found.push(local!.split(':')[0]!);
      }
    }
    return found;
  } catch {
    return undefined;
  }
}

/** 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
const isLoopback = (hex: string): boolean =>
  hex.length === 8
    ? hex.endsWith('7F')
    : hex === '00000000000000000000000001000000' ||
      (hex.startsWith('0000000000000000FFFF0000') && hex.endsWith('7F'));

/** One request on a kept connection, its response read. */
async function ask(socket: TestSocket, head: string, method = 'GET') {
  await socket.write(head);
  return socket.readResponse({ method, timeoutMs: 8_000 });
}

describe('4. The cgi-bin directory', () => {
  describe('forwarding to the static server: what goes in', () => {
    it('de-chunks a chunked request body: the static server gets a length, not Transfer-Encoding', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const res = await ask(
        socket,
        'GET /page.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n',
      );
      const why = hint(4, 'Transfer-Encoding is about the hop: never forward it with a length');
      expect(res.status, why).toBe(200);
      expect(text(res), why).toBe(PAGE);
      const next = await ask(socket, 'GET /page.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(text(next)).toBe(PAGE);
      socket.close();
    });
    it('forwards a request body with its length: one answer, and the connection carries the next request', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const why = hint(4, 'a body goes to the static server framed by Content-Length');
      const first = await ask(
        socket,
        'GET /page.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc',
      );
      expect(first.status, why).toBe(200);
      expect(text(first), why).toBe(PAGE);
      const second = await ask(socket, 'GET /page.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(second.status, why).toBe(200);
      expect(text(second), why).toBe(PAGE);
      const last = await exchange(
        server.port,
        'GET /page.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello',
        8_000,
      );
      const only = parseResponse(last, true);
      expect(only?.raw.length, hint(4, 'one request in, one answer out')).toBe(last.length);
      expect(only?.body.toString()).toBe(PAGE);
      socket.close();
    });
    it("does not forward the client's hop-by-hop fields (RFC 9110 §7.6.1)", async () => {
      // The static server's header limit shows what reached it: each of these fields alone
      // would push the forwarded head over 1 KiB.
      const server = await start({ static: { root: WWW, maxHeaderBytes: 1024 } });
      const long = 'x'.repeat(1100);
      for (const [name, value] of [
        ['Keep-Alive', `timeout=5, max=100, ${long}`],
        ['Proxy-Connection', `keep-alive, ${long}`],
        ['TE', `trailers, ${long}`],
        ['Upgrade', `websocket, ${long}/1`],
      ] as const) {
        const res = await get(server, '/page.txt', { [name]: value });
        expect(res.status, hint(4, `${name} is about the client's hop: drop it`)).toBe(200);
        expect(text(res)).toBe(PAGE);
      }
    });
    it('forwards field values byte for byte (obs-text stays one byte, RFC 9110 §5.5)', async () => {
      const server = await start({ static: { root: WWW, maxHeaderBytes: 1024 } });
      const res = await get(server, '/page.txt', { 'X-Note': '\xe9'.repeat(700) });
      expect(res.status, hint(4, 'write the forwarded head as latin1, as it was read')).toBe(200);
      expect(text(res)).toBe(PAGE);
    });
  });

  describe('forwarding to the static server: what comes back', () => {
    it('runs the static server on a loopback address only', async () => {
      const server = await start();
      expect(text(await get(server, '/page.txt'))).toBe(PAGE);
      const addresses = listeningAddresses();
      if (addresses === undefined) return; // no /proc here: nothing more to see
      expect(addresses.length).toBeGreaterThanOrEqual(2);
      expect(
        addresses.filter((a) => !isLoopback(a)),
        hint(4, 'listen the static server on 127.0.0.1: it is reachable through the glue alone'),
      ).toEqual([]);
    });
    it('relays a 304 without inventing a Content-Length (RFC 9110 §8.6)', async () => {
      const server = await start();
      const page = await get(server, '/page.txt');
      const etag = page.headers.etag;
      expect(etag).toBeDefined();
      const res = await get(server, '/page.txt', { 'If-None-Match': etag! });
      expect(res.status).toBe(304);
      const length = res.headers['content-length'];
      expect(
        length === undefined || length === String(PAGE.length),
        hint(4, `a 304 has no Content-Length to copy (got ${length})`),
      ).toBe(true);
    });
    it('says it closes, and sends exactly the answer, when the client asked to close', async () => {
      const server = await start();
      for (const request of [
        'GET /page.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
        'GET /page.txt HTTP/1.0\r\nHost: x\r\n\r\n',
      ]) {
        const raw = await exchange(server.port, request, 8_000);
        const res = parseResponse(raw, true);
        expect(res?.status).toBe(200);
        expect(res?.headers.connection, hint(4, 'Connection: close on the last answer')).toBe(
          'close',
        );
        expect(res?.body.toString(), hint(4, 'the head ends once')).toBe(PAGE);
        expect(res?.raw.length).toBe(raw.length);
      }
    });
    it('relays a large file byte for byte, and the connection carries the next request', async () => {
      const big = patterned(1024 * 1024 + 123);
      await withRoot({ 'big.bin': big }, async (root) => {
        const server = await start({ static: { root } });
        const socket = await connect(server.port);
        const res = await ask(socket, 'GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
        expect(res.body.length).toBe(big.length);
        expect(res.body.equals(big), hint(4, 'after the head, pass every chunk on as it is')).toBe(
          true,
        );
        const next = await ask(socket, 'HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n', 'HEAD');
        expect(next.status, hint(4, 'nothing follows the body')).toBe(200);
        socket.close();
      });
    });
    it('leaves nothing behind per request on a long keep-alive connection', async () => {
      const server = await start();
      const socket = await connect(server.port);
      const page = () => ask(socket, 'GET /page.txt HTTP/1.1\r\nHost: x\r\n\r\n');
      await page();
      await page();
      const conn = server.connections[0]!;
      const listeners = conn.listenerCount('close');
      for (let i = 0; i < 12; i++) expect(text(await page())).toBe(PAGE);
      // The answer can arrive before the glue has seen the static server's end: give it a moment.
      expect(
        await until(() => conn.listenerCount('close') <= listeners, 1_000),
        hint(4, "remove the 'close' listener of each forwarded request when it is done"),
      ).toBe(true);
      socket.close();
    });

    it('holds the static transfer back while the client does not read, then sends it whole', async () => {
      const huge = patterned(HUGE);
      await withRoot({ 'huge.bin': huge }, async (root) => {
        const server = await start({ static: { root } });
        const { socket, conn } = await stallOn(server);
        const bloated = await until(() => conn.writableLength > 4 * 1024 * 1024, 500);
        expect(
          bloated,
          hint(4, "pause the static server's connection until the client's 'drain'"),
        ).toBe(false);
        socket.socket.resume();
        const res = await socket.readResponse({ timeoutMs: 15_000 });
        expect(res.body.length, hint(4, "resume on the client's 'drain'")).toBe(huge.length);
        expect(res.body.equals(huge)).toBe(true);
        socket.close();
      });
    });

    it('closes the connection when the static server gives up in the middle of a body', async () => {
      await withRoot({ 'huge.bin': patterned(HUGE) }, async (root) => {
        // A static server that drops a client stalled for 100 ms: this one, while it is stalled.
        const server = await start({ static: { root, sendTimeoutMs: 100 } });
        const { socket } = await stallOn(server);
        await new Promise((r) => setTimeout(r, 1_000));
        socket.socket.resume();
        const [length, received, closed] = await socket.waitFor(
          'the whole body or the end of the connection',
          (buf, ended) => {
            const end = buf.indexOf('\r\n\r\n');
            const head = parseResponse(buf.subarray(0, end + 4), false, 'HEAD');
            const total = end + 4 + Number(head?.headers['content-length']);
            return ended || buf.length >= total ? [total, buf.length, ended] : undefined;
          },
          8_000,
        );
        // Cut short: the client learns it only from the close (a kept connection would leave it
        // waiting for bytes that never come). Whole (a machine too slow to stall): nothing to see.
        if (received < length)
          expect(closed, hint(4, 'a body cut short closes the connection')).toBe(true);
      });
    });
  });
});
