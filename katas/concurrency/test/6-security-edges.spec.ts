import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { LineClient, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('6. Security', () => {
  for (const model of ['async', 'threads'] as const) {
    it(`${model}: the idle clock starts again after a reply: a client that goes quiet is cut off`, async () => {
      const service = await start(model, { idleTimeoutMs: 2_000 });
      const client = await LineClient.open(service.port);
      await client.send('PING');
      expect(await client.reply()).toBe('OK PONG');
      expect(
        await client.untilClose(20_000),
        hint(6, 'after each reply, wait for the next request with the timer running'),
      ).toBe('ERR ERR_TIMEOUT\n');
    });
  }
});
