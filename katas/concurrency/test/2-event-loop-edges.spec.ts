import { connect } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { ask, LineClient, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('2. The event loop', () => {
  it('blocking: with two clients waiting, only the head of the queue is resumed', async () => {
    const service = await start('blocking');
    const first = await LineClient.open(service.port);
    await first.send('PING');
    expect(await first.reply()).toBe('OK PONG');
    const second = await LineClient.open(service.port);
    await second.send('PING');
    const third = await LineClient.open(service.port);
    await third.send('PING');
    // Give the server time to accept both waiting sockets before the first client leaves.
    await new Promise((r) => setTimeout(r, 200));
    first.close();
    expect(await second.reply()).toBe('OK PONG');
    await second.send('SLEEP 100');
    expect(await second.reply()).toBe('OK 100');
    expect(
      third.hasReply,
      hint(2, "on 'close', resume one socket: the next in the queue, not all of them"),
    ).toBe(false);
    second.close();
    expect(await third.reply()).toBe('OK PONG');
  });

  it('async: a client that resets its connection does not bring the server down', async () => {
    const service = await start('async');
    await new Promise<void>((resolve, reject) => {
      const socket = connect(service.port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('data', () => {
        // An RST: the server's next read of this socket fails with ECONNRESET.
        socket.resetAndDestroy();
        resolve();
      });
      socket.write('PING\n');
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(
      await ask(service.port, 'PING'),
      hint(2, "listen for 'error' on every socket: an unhandled one ends the process"),
    ).toEqual(['OK PONG']);
  });

  it('async: a line of exactly maxLineBytes is served; one byte more is refused', async () => {
    const service = await start('async', { maxLineBytes: 16 });
    const exact = `ECHO ${'x'.repeat(11)}`;
    expect(exact.length).toBe(16);
    expect(await ask(service.port, exact), hint(2, 'maxLineBytes is inclusive')).toEqual([
      `OK ${'x'.repeat(11)}`,
    ]);
    const client = await LineClient.open(service.port);
    await client.send(`${exact}y`);
    expect(
      await client.untilClose(),
      hint(2, 'a complete line longer than maxLineBytes is refused too'),
    ).toBe('ERR ERR_LINE_TOO_LONG\n');
  });

  it('async: a line of maxLineBytes that arrives in pieces, its CR and LF last, is served', async () => {
    const service = await start('async', { maxLineBytes: 16 });
    const client = await LineClient.open(service.port);
    const exact = `ECHO ${'x'.repeat(11)}`;
    for (const piece of [exact, '\r', '\n']) {
      await client.socket.write(piece);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      await client.reply(),
      hint(2, 'the LineReader holds maxLineBytes of an unfinished line, plus a CR'),
    ).toBe(`OK ${'x'.repeat(11)}`);
  });
});
