/**
 * A pool of worker threads with a bounded queue (README §3). Work crosses the thread boundary as
 * a message (the parsed command out, the reply line back), never a socket.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { Command, HandlerOptions } from './handler.ts';

/** What a pool refuses: ERR_BUSY (queue full), ERR_WORKER_DIED (it crashed), ERR_POOL_CLOSED. */
export class PoolError extends Error {
  override readonly name = 'PoolError';
  readonly code: 'ERR_BUSY' | 'ERR_WORKER_DIED' | 'ERR_POOL_CLOSED';

  constructor(code: PoolError['code']) {
    super(code);
    this.code = code;
  }
}

export interface PoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** Tasks that may wait while every worker is busy (0: none). Past it, run() rejects ERR_BUSY. */
  queueLimit: number;
  /** Handed to every worker (functions cannot cross a thread: no onCrash). */
  handler: Omit<HandlerOptions, 'onCrash'>;
}

export interface PoolStats {
  size: number;
  /** Live worker threads. */
  workers: number;
  /** Tasks being executed now (at most `size`). */
  running: number;
  /** Tasks waiting now (at most `queueLimit`). */
  queued: number;
  /** The largest `running` ever seen. */
  maxRunning: number;
  /** The largest `queued` ever seen. */
  maxQueued: number;
  /** Workers started again after one died. */
  restarts: number;
  /** Tasks that ended with a reply. */
  completed: number;
  /** Tasks refused with ERR_BUSY. */
  rejected: number;
}

/**
 * `size` worker threads, each running `worker.ts` (start them with `tsWorker` from spawn-ts.ts),
 * one task per worker at a time, at most `queueLimit` tasks waiting. A worker that dies fails its
 * task with ERR_WORKER_DIED and is replaced.
 */
export class WorkerPool {
  /** Throws RangeError for a size below 1 or a negative queueLimit. */
  constructor(options: PoolOptions) {
    // TODO: start options.size workers.
    notImplemented('new WorkerPool', 3);
  }

  /** Runs `command` on a worker; resolves its reply line. Rejects PoolError (never queues past the bound). */
  run(command: Command): Promise<string> {
    // TODO
    return notImplemented('WorkerPool.run', 3);
  }

  stats(): PoolStats {
    // TODO
    return notImplemented('WorkerPool.stats()', 3);
  }

  /** Refuses new work, lets running and queued tasks finish, then ends every worker. */
  async close(): Promise<void> {
    // TODO
    return notImplemented('WorkerPool.close()', 3);
  }
}
