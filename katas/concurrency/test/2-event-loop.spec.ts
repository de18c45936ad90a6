import { hint } from '@hbu/kata-kit/expect-code';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Service } from '../src/index.ts';
import { conformance } from './conformance.ts';
import { ask, LineClient, LONG_HASH, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('2. The event loop', () => {
  for (const model of ['blocking', 'async'] as const) {
    describe(`serve${model === 'blocking' ? 'Blocking' : 'Async'}`, () => {
      let service: Service;
      beforeEach(async () => {
        service = await start(model);
      });
      conformance(model, 2, () => service.port);

      it(`${model}: reports its model and no workers`, () => {
        expect(service.model, hint(2, 'Service.model names the model')).toBe(model);
        expect(service.stats(), hint(2, 'no workers on one event loop')).toEqual({
          workers: 0,
          restarts: 0,
          pids: [],
        });
      });
      it(`${model}: a request that crashes its handler is answered ERR_INTERNAL; the server lives on`, async () => {
        expect(
          await ask(service.port, 'CRASH', 'PING'),
          hint(2, 'handleLine never rejects'),
        ).toEqual(['ERR ERR_INTERNAL', 'OK PONG']);
        expect(await ask(service.port, 'PING')).toEqual(['OK PONG']);
      });
    });
  }

  describe('serveBlocking, one client at a time', () => {
    let service: Service;
    beforeEach(async () => {
      service = await start('blocking');
    });
    it('does not answer a second client while the first stays connected', async () => {
      const first = await LineClient.open(service.port);
      await first.send('PING');
      expect(await first.reply()).toBe('OK PONG');
      const second = await LineClient.open(service.port);
      await second.send('PING');
      await first.send('SLEEP 100');
      expect(await first.reply()).toBe('OK 100');
      expect(
        second.hasReply,
        hint(2, 'pauseOnConnect; resume the next socket when the current one closes'),
      ).toBe(false);
      first.close();
      expect(
        await second.reply(),
        hint(2, "serve the next waiting socket on the current one's 'close'"),
      ).toBe('OK PONG');
    });
    it('answers a SLEEP sent during a long HASH only after the HASH (the anti-pattern)', async () => {
      const slow = await LineClient.open(service.port);
      const quick = await LineClient.open(service.port);
      const order: string[] = [];
      await slow.send(LONG_HASH);
      await quick.send('SLEEP 0');
      const b = quick.reply(60_000).then((r) => order.push(`sleep ${r}`));
      order.push(`hash ${(await slow.reply(60_000)).slice(0, 2)}`);
      slow.close();
      await b;
      expect(order, hint(2, 'one client at a time: the second waits for the first')).toEqual([
        'hash OK',
        'sleep OK 0',
      ]);
    });
    it('serves waiting clients in the order they connected', async () => {
      const clients = [];
      for (let i = 0; i < 3; i++) {
        const c = await LineClient.open(service.port);
        await c.send(`ECHO ${i}`);
        clients.push(c);
      }
      const order: string[] = [];
      // Each closes once answered, which lets the server take the next waiting client.
      await Promise.all(
        clients.map((c) =>
          c.reply().then((r) => {
            order.push(r);
            c.close();
          }),
        ),
      );
      expect(order, hint(2, 'a queue of waiting sockets, first in first out')).toEqual([
        'OK 0',
        'OK 1',
        'OK 2',
      ]);
    });
  });

  describe('serveAsync, every client on one loop', () => {
    it('slices a long HASH: many clients are answered while it runs', async () => {
      const service = await start('async');
      const slow = await LineClient.open(service.port);
      await slow.send(LONG_HASH);
      let hashDone = false;
      const hash = slow.reply(60_000).then(() => {
        hashDone = true;
      });
      const answered: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        expect(await ask(service.port, `ECHO ${i}`)).toEqual([`OK ${i}`]);
        answered.push(!hashDone);
      }
      await hash;
      expect(answered, hint(2, 'sliceRounds: yield with setImmediate between slices')).toEqual([
        true,
        true,
        true,
      ]);
    });
    it('serves two services side by side on two free ports', async () => {
      const a = await start('async');
      const b = await start('async');
      expect(a.port, hint(2, 'listen on options.port, default 0')).not.toBe(b.port);
      expect(await ask(b.port, 'PING')).toEqual(['OK PONG']);
    });
  });
});
