import type { Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { accepted, rawClient, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

/** Writes `bytes` and resolves once the kernel has taken them. */
function write(socket: Socket, bytes: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.write(bytes, (error) => (error ? reject(error) : resolve())),
  );
}

/** Everything the server sends from now until the connection closes (reset or not). */
function readAll(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.resume();
  });
}

describe('2. The event loop', () => {
  it('async: after ERR_LINE_TOO_LONG, bytes still arriving are ignored and the unread replies are delivered before the close', async () => {
    const service = await start('async', { maxLineBytes: 1 << 20 });
    const client = await rawClient(service.port);
    // The client does not read: a backlog of ~24 MiB of replies, far more than the kernel's socket
    // buffers hold, waits in the server's write queue when the refusal is written behind it.
    client.pause();
    const text = 'x'.repeat((1 << 20) - 8);
    for (let i = 0; i < 24; i++) await write(client, `ECHO ${text}\n`);
    await write(client, 'y'.repeat((1 << 20) + 64 * 1024));
    await write(client, 'PING\nPING\n');
    const received = await readAll(client);
    expect(
      received.startsWith(`OK ${text}\n`),
      hint(2, 'replies written before the refusal are not thrown away'),
    ).toBe(true);
    expect(
      received.endsWith('\nERR ERR_LINE_TOO_LONG\n'),
      hint(
        2,
        'after a refusal, ignore further data: a second end() or a write after end() destroys the socket and drops what is still queued',
      ),
    ).toBe(true);
  }, 60_000);

  it('async: a refusal while a request runs is the last reply: the late reply is dropped, the idle clock stays off', async () => {
    const service = await start('async', { maxLineBytes: 1 << 20, idleTimeoutMs: 500 });
    const client = await rawClient(service.port);
    client.pause();
    const text = 'x'.repeat((1 << 20) - 8);
    for (let i = 0; i < 24; i++) await write(client, `ECHO ${text}\n`);
    // The refusal most likely arrives while the SLEEP runs: its reply comes after the end().
    await write(client, 'SLEEP 1000\n');
    await write(client, 'y'.repeat((1 << 20) + 64 * 1024));
    // Longer than the SLEEP and an idle period together: a clock restarted after the refusal
    // would fire meanwhile and end the socket a second time.
    await new Promise((r) => setTimeout(r, 2_500));
    const received = await readAll(client);
    expect(received.startsWith(`OK ${text}\n`)).toBe(true);
    expect(
      received.endsWith('\nERR ERR_LINE_TOO_LONG\n'),
      hint(
        2,
        'once refused, write nothing more and start no idle clock: a write after end() destroys the socket with its unsent replies',
      ),
    ).toBe(true);
    expect(received.includes('OK 1000'), hint(2, 'the refusal ends the connection')).toBe(false);
  }, 60_000);

  it('async: listens on 127.0.0.1 by default, not on every interface', async () => {
    const service = await start('async');
    expect(await accepted(service.port, '127.0.0.1')).toBe(true);
    expect(
      await accepted(service.port, '::1'),
      hint(2, "listen(port, options.host ?? '127.0.0.1'): no host means every interface"),
    ).toBe(false);
  });
});
