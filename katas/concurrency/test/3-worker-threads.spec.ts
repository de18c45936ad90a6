import { expectRejectCode, expectThrowClass, hint } from '@hbu/kata-kit/expect-code';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRounds, PoolError, type Service, WorkerPool } from '../src/index.ts';
import { conformance } from './conformance.ts';
import {
  ask,
  LineClient,
  LONG_HASH,
  ROOT,
  SERVE,
  until,
  useNoLeftovers,
  usePools,
  useServices,
} from './support.ts';

const start = useServices();
useNoLeftovers();

const pool = usePools();

describe('3. Worker threads', () => {
  describe('WorkerPool', () => {
    it('runs a HASH on a worker and resolves the reply line', async () => {
      const p = pool(1, 4);
      expect(
        await p.run({ op: 'HASH', rounds: 5, data: 'pool' }),
        hint(3, 'post the command, resolve on the reply message'),
      ).toBe(`OK ${hashRounds('pool', 5)}`);
    });
    it('starts `size` workers', () => {
      const p = pool(2, 0);
      expect(p.stats(), hint(3, 'start the workers in the constructor')).toMatchObject({
        size: 2,
        workers: 2,
        running: 0,
        queued: 0,
      });
    });
    it('runs at most `size` tasks at once and queues the rest', async () => {
      const p = pool(2, 10);
      const replies = await Promise.all(
        [10, 20, 30, 40, 50].map((ms) => p.run({ op: 'SLEEP', ms })),
      );
      expect(replies, hint(3, 'a queued task starts when a worker answers')).toEqual([
        'OK 10',
        'OK 20',
        'OK 30',
        'OK 40',
        'OK 50',
      ]);
      const s = p.stats();
      expect(s.maxRunning, hint(3, 'one task per worker at a time')).toBe(2);
      expect(s.maxQueued, hint(3, 'five tasks, two workers: three wait')).toBe(3);
      expect(s.completed).toBe(5);
    });
    it('refuses with ERR_BUSY past the queue bound, at once', async () => {
      const p = pool(1, 2);
      const runs = [0, 1, 2, 3, 4].map(() => p.run({ op: 'SLEEP', ms: 50 }));
      await expectRejectCode(
        runs[3] as Promise<string>,
        PoolError,
        'ERR_BUSY',
        hint(3, 'one running, two waiting: the fourth is refused'),
      );
      await expectRejectCode(runs[4] as Promise<string>, PoolError, 'ERR_BUSY');
      expect(await Promise.all(runs.slice(0, 3))).toEqual(['OK 50', 'OK 50', 'OK 50']);
      expect(p.stats()).toMatchObject({ rejected: 2, maxQueued: 2, maxRunning: 1 });
    });
    it('with queueLimit 0 refuses whatever finds every worker busy', async () => {
      const p = pool(1, 0);
      const first = p.run({ op: 'SLEEP', ms: 30 });
      await expectRejectCode(
        p.run({ op: 'PING' }),
        PoolError,
        'ERR_BUSY',
        hint(3, 'queueLimit 0: no waiting at all'),
      );
      expect(await first).toBe('OK 30');
    });
    it('a crash fails its task with ERR_WORKER_DIED and the worker is replaced', async () => {
      const p = pool(1, 4);
      await expectRejectCode(
        p.run({ op: 'CRASH' }),
        PoolError,
        'ERR_WORKER_DIED',
        hint(3, "the worker's 'exit' event"),
      );
      expect(await p.run({ op: 'PING' }), hint(3, 'start a new worker on exit')).toBe('OK PONG');
      expect(p.stats()).toMatchObject({ workers: 1, restarts: 1 });
    });
    it('a crash does not lose the tasks of other workers or of the queue', async () => {
      const p = pool(2, 4);
      const others = [p.run({ op: 'SLEEP', ms: 100 }), p.run({ op: 'HASH', rounds: 3, data: 'q' })];
      const crash = p.run({ op: 'CRASH' });
      const after = p.run({ op: 'ECHO', text: 'after' });
      await expectRejectCode(crash, PoolError, 'ERR_WORKER_DIED');
      expect(
        await Promise.all([...others, after]),
        hint(3, 'only the task of the dead worker fails'),
      ).toEqual(['OK 100', `OK ${hashRounds('q', 3)}`, 'OK after']);
    });
    it('close() lets running and queued tasks finish, then ends every worker', async () => {
      const p = pool(1, 4);
      const runs = [p.run({ op: 'SLEEP', ms: 80 }), p.run({ op: 'ECHO', text: 'queued' })];
      await p.close();
      expect(await Promise.all(runs), hint(3, 'drain before terminate')).toEqual([
        'OK 80',
        'OK queued',
      ]);
      expect(p.stats().workers, hint(3, 'terminate every worker and wait for its exit')).toBe(0);
    });
    it('after close(), run() rejects ERR_POOL_CLOSED', async () => {
      const p = pool(1, 1);
      await p.close();
      await expectRejectCode(
        p.run({ op: 'PING' }),
        PoolError,
        'ERR_POOL_CLOSED',
        hint(3, 'a closed pool takes no work'),
      );
    });
    it('refuses a size below 1 with a RangeError', () => {
      expectThrowClass(
        () => new WorkerPool({ size: 0, queueLimit: 1, handler: { root: ROOT } }),
        RangeError,
        hint(3, 'check the options first'),
      );
    });
  });

  describe('serveThreads', () => {
    let shared: Service;
    beforeAll(async () => {
      shared = await SERVE.threads({ root: ROOT, poolSize: 2 });
    }, 60_000);
    afterAll(() => shared?.close());
    conformance('threads', 3, () => shared.port);

    it('threads: reports its model and its workers', () => {
      expect(shared.model).toBe('threads');
      expect(shared.stats(), hint(3, 'poolSize worker threads')).toEqual({
        workers: 2,
        restarts: 0,
        pids: [],
      });
    });
    it('threads: a HASH runs in a worker, unsliced, while the loop answers others', async () => {
      // sliceRounds 1e9 on the loop would block it: a HASH that answers others meanwhile ran elsewhere.
      const service = await start('threads', { poolSize: 1, sliceRounds: 1_000_000_000 });
      const slow = await LineClient.open(service.port);
      await slow.send(LONG_HASH);
      let done = false;
      const hash = slow.reply(60_000).then(() => {
        done = true;
      });
      await new Promise((r) => setTimeout(r, 20));
      expect(await ask(service.port, 'SLEEP 1', 'ECHO meanwhile')).toEqual([
        'OK 1',
        'OK meanwhile',
      ]);
      expect(done, hint(3, 'send HASH to the pool, keep the rest on the loop')).toBe(false);
      await hash;
    });
    it('threads: answers ERR_BUSY when the pool and its queue are full', async () => {
      const service = await start('threads', { poolSize: 1, queueLimit: 0 });
      const clients = await Promise.all([0, 1, 2, 3].map(() => LineClient.open(service.port)));
      await Promise.all(clients.map((c) => c.send(LONG_HASH)));
      const replies = await Promise.all(clients.map((c) => c.reply(60_000)));
      const busy = replies.filter((r) => r === 'ERR ERR_BUSY').length;
      expect(busy, hint(3, 'a PoolError ERR_BUSY is the reply `ERR ERR_BUSY`')).toBeGreaterThan(0);
      expect(
        replies.filter((r) => r.startsWith('OK ')).length,
        hint(3, 'the one that got the worker is answered'),
      ).toBeGreaterThan(0);
      expect(busy + replies.filter((r) => r.startsWith('OK ')).length).toBe(4);
    });
    it('threads: a CRASH is answered ERR_WORKER_DIED; the pool gets its worker back', async () => {
      const service = await start('threads', { poolSize: 2 });
      const other = await LineClient.open(service.port);
      await other.send(LONG_HASH);
      expect(
        await ask(service.port, 'CRASH', 'HASH 1 abc'),
        hint(3, 'the crash costs one request, not the connection'),
      ).toEqual([
        'ERR ERR_WORKER_DIED',
        'OK ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      ]);
      expect(
        (await other.reply(60_000)).startsWith('OK '),
        hint(3, "another worker's task is not lost"),
      ).toBe(true);
      expect(
        await until(() => service.stats().workers === 2 && service.stats().restarts === 1),
      ).toBe(true);
    });
  });
});
