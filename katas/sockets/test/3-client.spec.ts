import { expectCode, expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { connectLines, LineError } from '../src/index.ts';
import { client, later, plainListener, scripted, sleep, useSockets } from './helpers.ts';

useSockets();

describe('3. A line client', () => {
  it('sends a CRLF line and reads the reply (request)', async () => {
    const port = await scripted((s) =>
      s.on('data', (d) => s.write(`got ${d.toString('latin1').replace('\r\n', '')}\r\n`)),
    );
    const c = await client(port);
    expect(await c.request('ping'), hint(3, 'send then readLine')).toBe('got ping');
  });

  it('reads each line of one coalesced server write', async () => {
    const port = await scripted((s) => s.write('a\r\nb\r\nc\r\n'));
    const c = await client(port);
    expect(
      [await c.readLine(), await c.readLine(), await c.readLine()],
      hint(3, 'keep the extra lines for the next reads'),
    ).toEqual(['a', 'b', 'c']);
  });

  it('joins a line the server sends in pieces', async () => {
    const port = await scripted(async (s) => {
      s.write('hel');
      await sleep(40);
      s.write('lo\r');
      await sleep(40);
      s.write('\n');
    });
    const c = await client(port);
    expect(await c.readLine()).toBe('hello');
  });

  it('delivers a last unterminated line, then rejects with ERR_CONNECTION_CLOSED', async () => {
    const port = await scripted((s) => s.end('one\r\ntwo'));
    const c = await client(port);
    expect([await c.readLine(), await c.readLine()]).toEqual(['one', 'two']);
    await expectRejectCode(
      c.readLine(),
      LineError,
      'ERR_CONNECTION_CLOSED',
      hint(3, 'a closed connection is an error for a reader'),
    );
  });

  it('rejects with ERR_READ_TIMEOUT when no line comes in time', async () => {
    const port = await scripted(() => {});
    const c = await client(port);
    await expectRejectCode(
      c.readLine(100),
      LineError,
      'ERR_READ_TIMEOUT',
      hint(3, 'every read has a deadline'),
    );
  });

  it('uses options.timeoutMs as the default read timeout', async () => {
    const port = await scripted(() => {});
    const c = await client(port, { timeoutMs: 80 });
    await expectRejectCode(c.readLine(), LineError, 'ERR_READ_TIMEOUT');
  });

  it('rejects a server line longer than maxLineLength with ERR_LINE_TOO_LONG', async () => {
    const port = await scripted((s) => s.write('x'.repeat(64)));
    const c = await client(port, { maxLineLength: 16 });
    await expectRejectCode(
      c.readLine(),
      LineError,
      'ERR_LINE_TOO_LONG',
      hint(3, 'the client is bounded too'),
    );
  });

  it('half-closes with end(): the server sees the end and can still answer', async () => {
    const port = await scripted((s) => {
      s.on('data', () => {});
      s.on('end', () => s.end('bye\r\n'));
    });
    const socket = await connectLines(port, '127.0.0.1');
    later(() => socket.close());
    // The scripted server was not created with allowHalfOpen; it answers on 'end' before Node closes it.
    socket.end();
    expect(await socket.readLine(), hint(3, 'socket.end(), not destroy()')).toBe('bye');
  });

  it('refuses to send a line holding CR or LF', async () => {
    const port = await scripted(() => {});
    const c = await client(port);
    expectCode(() => c.send('a\r\nQUIT'), LineError, 'ERR_LINE_INVALID', hint(3, 'encodeLine'));
  });

  it('rejects with the connect error when nobody listens', async () => {
    const listener = await plainListener('127.0.0.1');
    const port = listener.port;
    await new Promise<void>((resolve) => listener.server.close(() => resolve()));
    await expectRejectCode(
      () => connectLines(port, '127.0.0.1'),
      Error,
      'ECONNREFUSED',
      hint(3, 'reject on the socket error before connect'),
    );
  });
});
