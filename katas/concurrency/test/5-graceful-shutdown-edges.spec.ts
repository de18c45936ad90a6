import type { Socket } from 'node:net';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { rawClient, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

/** The next `n` bytes of text the socket receives. */
function receive(socket: Socket, text: string): Promise<string> {
  let got = '';
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      got += chunk.toString('utf8');
      if (got.length >= text.length) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
  });
}

describe('5. Graceful shutdown', () => {
  for (const model of ['blocking', 'async'] as const) {
    it(`${model}: close() ends a connection whose client never closes its own side`, async () => {
      const service = await start(model);
      const client = await rawClient(service.port, true);
      const reply = receive(client, 'OK PONG\n');
      client.write('PING\n');
      expect(await reply).toBe('OK PONG\n');
      let after = '';
      client.on('data', (chunk: Buffer) => {
        after += chunk.toString('utf8');
      });
      const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
      // The client does not end() after the server's FIN: only the server can close the socket.
      await service.close();
      await ended;
      expect(after, hint(5, 'an idle connection is ended without another byte')).toBe('');
      expect(
        client.readableEnded,
        hint(5, "end() only half-closes: destroy the socket on its 'finish'"),
      ).toBe(true);
    }, 15_000);
  }
});
