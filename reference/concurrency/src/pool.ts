/**
 * A pool of worker threads with a bounded queue (README §3). Work crosses the thread boundary as
 * a message (the parsed command out, the reply line back), never a socket.
 */
import type { Worker } from 'node:worker_threads';
import type { Command, HandlerOptions } from './handler.ts';
import { tsWorker } from './spawn-ts.ts';

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

interface Task {
  command: Command;
  resolve: (reply: string) => void;
  reject: (error: PoolError) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Task[] = [];
  private closing = false;
  private readonly counters = {
    maxRunning: 0,
    maxQueued: 0,
    restarts: 0,
    completed: 0,
    rejected: 0,
  };
  private readonly settled: Array<() => void> = [];
  private readonly exited = new Set<Promise<unknown>>();

  constructor(private readonly options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new RangeError('size must be ≥ 1');
    if (!Number.isInteger(options.queueLimit) || options.queueLimit < 0) {
      throw new RangeError('queueLimit must be ≥ 0');
    }
    for (let i = 0; i < options.size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = tsWorker(new URL('./worker.ts', import.meta.url), {
      workerData: this.options.handler,
    });
    const slot: Slot = { worker, task: undefined };
    this.slots.add(slot);
    this.exited.add(new Promise((resolve) => worker.once('exit', resolve)));
    worker.on('message', (reply: string) => {
      // A worker posts one reply per command, and it is only sent a command as its slot's task.
      const task = slot.task as Task;
      slot.task = undefined;
      this.counters.completed++;
      task.resolve(reply);
      this.dispatch();
    });
    worker.on('error', () => {});
    worker.once('exit', () => {
      this.slots.delete(slot);
      const task = slot.task;
      slot.task = undefined;
      task?.reject(new PoolError('ERR_WORKER_DIED'));
      // One crash costs one request: the pool gets its worker back, while closing too when tasks
      // still wait (close() lets them finish; a pool left without a worker would never settle).
      if (!this.closing || this.queue.length > 0) {
        this.counters.restarts++;
        this.spawn();
      }
      this.dispatch();
    });
  }

  private get running(): number {
    let n = 0;
    for (const slot of this.slots) if (slot.task !== undefined) n++;
    return n;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.task !== undefined) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.postMessage(task.command);
    }
    this.counters.maxRunning = Math.max(this.counters.maxRunning, this.running);
    // A task waits only while every worker runs one (and a pool with waiting tasks always has a
    // worker): when nothing runs, nothing waits.
    if (this.running === 0) {
      for (const done of this.settled.splice(0)) done();
    }
  }

  /** Runs `command` on a worker; resolves its reply line. Rejects PoolError (never queues past the bound). */
  run(command: Command): Promise<string> {
    if (this.closing) return Promise.reject(new PoolError('ERR_POOL_CLOSED'));
    const idle = [...this.slots].some((slot) => slot.task === undefined);
    if (!idle && this.queue.length >= this.options.queueLimit) {
      this.counters.rejected++;
      return Promise.reject(new PoolError('ERR_BUSY'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.dispatch();
      this.counters.maxQueued = Math.max(this.counters.maxQueued, this.queue.length);
    });
  }

  stats(): PoolStats {
    return {
      size: this.options.size,
      workers: this.slots.size,
      running: this.running,
      queued: this.queue.length,
      ...this.counters,
    };
  }

  /** Refuses new work, lets running and queued tasks finish, then ends every worker. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.running > 0) {
      await new Promise<void>((resolve) => this.settled.push(resolve));
    }
    for (const slot of this.slots) void slot.worker.terminate();
    await Promise.all(this.exited);
  }
}
