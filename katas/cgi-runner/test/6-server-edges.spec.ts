/**
 * Edges of the server's connections (README §4 – §6): when a connection persists, a client that
 * resets the connection, a request that arrives while the previous one still runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { connect, parseResponse } from '@hbu/kata-kit/socket-harness';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { diesWithin, get, useCgiServer } from './support.ts';

const start = useCgiServer();
const tmp = mkdtempSync(join(tmpdir(), 'cgi-runner-6e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let gates = 0;
const gatePath = (): string => join(tmp, `gate-${++gates}`);

/** Raw client sockets that stay writable after the server's FIN (allowHalfOpen). */
const rawSockets: Socket[] = [];
afterEach(() => {
  for (const s of rawSockets.splice(0)) s.destroy();
});
function halfOpenClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect({ host: '127.0.0.1', port, allowHalfOpen: true });
    rawSockets.push(s);
    s.once('error', reject);
    s.once('connect', () => resolve(s));
  });
}
/** Resolves with every byte the server sent once it has ended its side. */
function readToEnd(s: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    s.on('data', (chunk: Buffer) => parts.push(chunk));
    s.once('end', () => resolve(Buffer.concat(parts)));
  });
}

describe('6. Process control', () => {
  describe('persistence', () => {
    it('an HTTP/1.0 request without keep-alive: the answer, then the server closes', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/missing.sh HTTP/1.0\r\nHost: x\r\n\r\n');
      const raw = await socket.readUntilClose(8_000);
      expect(
        raw.toString('latin1').slice(0, 12),
        hint(4, 'HTTP/1.0 persists only when told so'),
      ).toBe('HTTP/1.1 404');
    });

    it('a malformed request: 400 with Connection: close, then the server closes', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/hello.sh HTTP/1.1\r\nno colon here\r\n\r\n');
      const raw = await socket.readUntilClose(8_000);
      const res = parseResponse(raw, true);
      expect(res?.status).toBe(400);
      expect(res?.headers.connection, hint(4, 'say that the connection ends')).toBe('close');
    });

    it('a request that arrives while the previous one still runs is answered after it', async () => {
      const server = await start();
      const gate = gatePath();
      const socket = await connect(server.port);
      await socket.write(`GET /cgi-bin/stream.sh HTTP/1.1\r\nHost: x\r\nX-Gate: ${gate}\r\n\r\n`);
      await socket.waitFor(
        'the first line of the first answer',
        (buf) => (buf.includes('first line') ? true : undefined),
        4_000,
      );
      // The second request needs no script (a 404 is answered at once). The gate opens once the
      // server has read it, while the first script still runs.
      const [side] = server.connections;
      side?.once('data', () => setImmediate(() => writeFileSync(gate, '')));
      await socket.write('GET /cgi-bin/missing.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      const first = await socket.readResponse({ timeoutMs: 8_000 });
      expect(first.body.toString(), hint(5, 'one request at a time per connection, in order')).toBe(
        'first line\nsecond line\n',
      );
      const second = await socket.readResponse({ timeoutMs: 8_000 });
      expect(second.status).toBe(404);
    });
  });

  describe('after the last answer of a connection', () => {
    for (const [what, last] of [
      ['Connection: close', 'GET /page.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['a malformed request', 'GET /page.txt HTTP/1.1\r\nno colon here\r\n\r\n'],
    ] as const) {
      it(`${what}: a request sent after it runs no script`, async () => {
        const server = await start({ maxConcurrent: 1 });
        const client = await halfOpenClient(server.port);
        const answered = readToEnd(client);
        client.write(last);
        expect((await answered).toString('latin1')).toMatch(/^HTTP\/1\.1 [24]00 /);
        // The server has ended its side; our side is still open. A request for a script that
        // would hold the only slot for 30 s:
        const [side] = server.connections;
        const read = new Promise<void>((resolve) =>
          side?.once('data', () => setImmediate(resolve)),
        );
        client.write('GET /cgi-bin/slow.sh HTTP/1.1\r\nHost: x\r\n\r\n');
        await read;
        const res = await get(server, '/cgi-bin/hello.sh');
        expect(res.status, hint(4, 'a connection is done after its last answer')).toBe(200);
      });
    }
  });

  describe('a client that resets the connection', () => {
    it('gets its script killed, and the server stays up', async () => {
      const server = await start();
      const socket = await connect(server.port);
      await socket.write('GET /cgi-bin/pid.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      const pid = await socket.waitFor(
        'X-Pid',
        (buf) => {
          const m = /X-Pid: (\d+)\r\n/i.exec(buf.toString('latin1'));
          return m === null ? undefined : Number(m[1]);
        },
        4_000,
      );
      socket.socket.resetAndDestroy();
      expect(await diesWithin(pid, 3_000), hint(6, 'a closed connection aborts its script')).toBe(
        true,
      );
      const again = await connect(server.port);
      await again.write('GET /cgi-bin/hello.sh HTTP/1.1\r\nHost: x\r\n\r\n');
      expect((await again.readResponse({ timeoutMs: 8_000 })).body.toString()).toBe('hello\n');
    });
  });
});
