import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { PoolError } from '../src/index.ts';
import { useNoLeftovers, usePools } from './support.ts';

useNoLeftovers();

const pool = usePools();

describe('3. Worker threads', () => {
  it('a refusal of the pool is a PoolError named so', async () => {
    const p = pool(1, 0);
    await p.close();
    const error = await expectRejectCode(
      p.run({ op: 'PING' }),
      PoolError,
      'ERR_POOL_CLOSED',
      hint(3, 'a closed pool takes no work'),
    );
    expect(error.name, hint(3, "error.name says what failed in a log: 'PoolError'")).toBe(
      'PoolError',
    );
  });

  it('close() during a crash on a pool of one still runs the queued task, then ends', async () => {
    const p = pool(1, 1);
    const crash = p.run({ op: 'CRASH' });
    const queued = p.run({ op: 'ECHO', text: 'queued' });
    const closed = p.close();
    await expectRejectCode(crash, PoolError, 'ERR_WORKER_DIED', hint(3, "the worker's 'exit'"));
    expect(
      await queued,
      hint(3, 'close() lets queued tasks finish: a worker that dies while tasks wait is replaced'),
    ).toBe('OK queued');
    await closed;
    expect(p.stats(), hint(3, 'then every worker is ended')).toMatchObject({
      workers: 0,
      queued: 0,
      running: 0,
    });
  }, 30_000);
});
