import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { isAlive, LineClient, until, useNoLeftovers, useServices } from './support.ts';

const start = useServices();
useNoLeftovers();

describe('5. Graceful shutdown', () => {
  for (const model of ['blocking', 'async', 'threads', 'processes'] as const) {
    it(`${model}: close() answers the request in flight, closes every connection, then resolves`, async () => {
      const service = await start(model);
      const busy = await LineClient.open(service.port);
      await busy.send('SLEEP 300');
      const idle = model === 'blocking' ? undefined : await LineClient.open(service.port);
      if (idle) {
        await idle.send('PING');
        expect(await idle.reply()).toBe('OK PONG');
      }
      await new Promise((r) => setTimeout(r, 50));
      const events: string[] = [];
      const closed = service.close().then(() => events.push('close() resolved'));
      const reply = busy.reply(30_000).then((r) => events.push(`reply ${r}`));
      if (idle)
        expect(await idle.untilClose(30_000), hint(5, 'an idle connection is closed at once')).toBe(
          '',
        );
      await reply;
      expect(
        await busy.untilClose(30_000),
        hint(5, 'end the connection once its reply is written'),
      ).toBe('');
      await closed;
      expect(events, hint(5, 'close() resolves after the last reply, not before')).toEqual([
        'reply OK 300',
        'close() resolved',
      ]);
      await expectRejectCode(
        LineClient.open(service.port),
        Error,
        'ECONNREFUSED',
        hint(5, 'server.close(): no new connections'),
      );
    }, 90_000);
  }

  it('blocking: clients still waiting for their turn are closed unanswered', async () => {
    const service = await start('blocking');
    const first = await LineClient.open(service.port);
    await first.send('SLEEP 200');
    const waiting = await LineClient.open(service.port);
    await waiting.send('PING');
    await new Promise((r) => setTimeout(r, 50));
    const closed = service.close();
    expect(await first.reply(), hint(5, 'the current client gets its reply')).toBe('OK 200');
    expect(await waiting.untilClose(), hint(5, 'destroy the sockets in the waiting queue')).toBe(
      '',
    );
    await closed;
  });

  it('async: a HASH in flight at close() is finished and answered', async () => {
    const service = await start('async');
    const client = await LineClient.open(service.port);
    await client.send('HASH 100000 drain');
    await new Promise((r) => setTimeout(r, 20));
    const closed = service.close();
    expect(
      (await client.reply(60_000)).startsWith('OK '),
      hint(5, 'drain waits for the slices to finish'),
    ).toBe(true);
    await closed;
  });

  it('threads: a HASH in a worker at close() is answered, then every worker thread ends', async () => {
    const service = await start('threads', { poolSize: 2 });
    const client = await LineClient.open(service.port);
    await client.send('HASH 100000 drain');
    await new Promise((r) => setTimeout(r, 20));
    const closed = service.close();
    expect(
      (await client.reply(60_000)).startsWith('OK '),
      hint(5, 'close the pool after the connections drain'),
    ).toBe(true);
    await closed;
    expect(service.stats().workers, hint(5, 'pool.close() terminates every worker')).toBe(0);
  }, 60_000);

  it('processes: after close() no worker process is left', async () => {
    const service = await start('processes', { poolSize: 2 });
    const pids = service.stats().pids;
    expect(pids.length).toBe(2);
    await service.close();
    expect(
      await until(() => pids.every((pid) => !isAlive(pid))),
      hint(5, "send each worker 'shutdown' and await its 'exit'"),
    ).toBe(true);
    expect(service.stats().workers, hint(5, 'no restart while closing')).toBe(0);
  }, 60_000);
});
