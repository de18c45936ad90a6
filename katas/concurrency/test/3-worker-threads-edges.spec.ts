import { createServer } from 'node:net';
import { expectRejectCode, expectThrowClass, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { hashRounds, PoolError, WorkerPool } from '../src/index.ts';
import { ROOT, SERVE, useNoLeftovers, usePools } from './support.ts';

useNoLeftovers();

const pool = usePools();

const hash = (rounds: number, data: string) => ({ op: 'HASH' as const, rounds, data });

describe('3. Worker threads', () => {
  it('with queueLimit 0, a task is refused only when no worker is idle', async () => {
    const p = pool(2, 0);
    const a = p.run(hash(200_000, 'a'));
    const b = p.run(hash(3, 'b'));
    const c = p.run(hash(3, 'c'));
    await expectRejectCode(c, PoolError, 'ERR_BUSY', hint(3, 'both workers are busy'));
    expect(await b, hint(3, 'an idle worker takes the task: it is not queued')).toBe(
      `OK ${hashRounds('b', 3)}`,
    );
    expect(await a).toBe(`OK ${hashRounds('a', 200_000)}`);
  }, 60_000);

  it('close() waits for the task a worker is running before it ends the worker', async () => {
    const p = pool(1, 0);
    const task = p.run(hash(200_000, 'close'));
    const closed = p.close();
    expect(await task, hint(3, 'close() waits for running tasks')).toBe(
      `OK ${hashRounds('close', 200_000)}`,
    );
    await closed;
    expect(p.stats().workers).toBe(0);
  }, 60_000);

  it('close() waits for every running task, not only the first to finish', async () => {
    const p = pool(2, 0);
    const long = p.run(hash(300_000, 'long'));
    const short = p.run(hash(1, 'short'));
    const closed = p.close();
    expect(await short).toBe(`OK ${hashRounds('short', 1)}`);
    expect(await long, hint(3, 'settle close() when nothing runs and nothing waits')).toBe(
      `OK ${hashRounds('long', 300_000)}`,
    );
    await closed;
  }, 60_000);

  it('refuses a negative queueLimit with a RangeError', () => {
    expectThrowClass(
      () => new WorkerPool({ size: 1, queueLimit: -1, handler: { root: ROOT } }),
      RangeError,
      hint(3, 'check the options first'),
    );
  });

  it('serveThreads on a port in use rejects EADDRINUSE and leaves no worker thread', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expectRejectCode(
        SERVE.threads({ root: ROOT, port, poolSize: 1 }),
        Error,
        'EADDRINUSE',
        hint(3, 'when listen fails, close the pool before rejecting'),
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 60_000);
});
