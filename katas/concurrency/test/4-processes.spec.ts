import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '../src/index.ts';
import { conformance } from './conformance.ts';
import {
  ask,
  isAlive,
  LineClient,
  LONG_HASH,
  ROOT,
  SERVE,
  until,
  useNoLeftovers,
  useServices,
} from './support.ts';

const start = useServices();
useNoLeftovers();

describe('4. Processes', () => {
  let shared: Service;
  beforeAll(async () => {
    shared = await SERVE.processes({ root: ROOT, poolSize: 2 });
  }, 60_000);
  afterAll(() => shared?.close(), 30_000);
  conformance('processes', 4, () => shared.port);

  it('processes: reports its model and the pids of its worker processes', () => {
    expect(shared.model).toBe('processes');
    const { workers, restarts, pids } = shared.stats();
    expect({ workers, restarts }, hint(4, 'poolSize cluster workers')).toEqual({
      workers: 2,
      restarts: 0,
    });
    expect(new Set(pids).size, hint(4, 'worker.process.pid')).toBe(2);
    expect(
      pids.every((pid) => pid !== process.pid && isAlive(pid)),
      hint(4, 'real processes, not this one'),
    ).toBe(true);
  });
  it('processes: consecutive connections go to different workers (one socket, several processes)', async () => {
    // Unsliced: a long HASH holds its worker's whole loop. A PING on the next connection is still
    // answered first only if another process took that connection.
    const service = await start('processes', {
      poolSize: 2,
      sliceRounds: 1_000_000_000,
      shutdownTimeoutMs: 2_000,
    });
    const busy = await LineClient.open(service.port);
    await busy.send(LONG_HASH);
    let long = false;
    const first = busy.reply(120_000).then(() => {
      long = true;
    });
    first.catch(() => {});
    expect(
      await ask(service.port, 'PING'),
      hint(4, 'cluster.fork poolSize workers that all listen'),
    ).toEqual(['OK PONG']);
    expect(long, hint(4, 'the primary hands connections to the workers in turn')).toBe(false);
    busy.close();
  }, 90_000);

  describe('a worker that dies', () => {
    it('takes down only its own connections; the service answers on', async () => {
      const service = await start('processes', { poolSize: 2 });
      const clients = await Promise.all([0, 1, 2, 3].map(() => LineClient.open(service.port)));
      await Promise.all(clients.map((c, i) => c.send(`ECHO ${i}`)));
      expect(await Promise.all(clients.map((c) => c.reply()))).toEqual([
        'OK 0',
        'OK 1',
        'OK 2',
        'OK 3',
      ]);
      const victim = clients[0] as LineClient;
      await victim.send('CRASH');
      expect(
        await victim.untilClose(),
        hint(4, 'CRASH in a worker process is process.exit: its sockets close'),
      ).toBe('');
      // The survivors: those on the other worker still answer.
      let alive = 0;
      for (const c of clients.slice(1)) {
        await c.send('PING');
        try {
          if ((await c.reply(5_000)) === 'OK PONG') alive++;
        } catch {
          // this one was on the crashed worker too
        }
      }
      expect(alive, hint(4, 'one process per crash, never the primary')).toBeGreaterThan(0);
      expect(
        await ask(service.port, 'PING'),
        hint(4, 'new connections go to the live workers'),
      ).toEqual(['OK PONG']);
    }, 60_000);
    it('is replaced by a new worker process', async () => {
      const service = await start('processes', { poolSize: 2 });
      const before = service.stats().pids;
      expect(await ask(service.port, 'CRASH').catch(() => ['closed'])).toEqual(['closed']);
      const replaced = await until(() => {
        const s = service.stats();
        return s.restarts === 1 && s.workers === 2 && s.pids.some((pid) => !before.includes(pid));
      }, 45_000);
      expect(replaced, hint(4, "fork a new worker on the old one's 'exit'")).toBe(true);
      const dead = before.filter((pid) => !service.stats().pids.includes(pid));
      expect(dead.length).toBe(1);
      expect(await until(() => !isAlive(dead[0] as number)), hint(4, 'the dead one is gone')).toBe(
        true,
      );
      const answers = await Promise.all([0, 1, 2, 3].map(() => ask(service.port, 'PING')));
      expect(answers.flat(), hint(4, 'every worker listens again')).toEqual([
        'OK PONG',
        'OK PONG',
        'OK PONG',
        'OK PONG',
      ]);
    }, 90_000);
  });
});
