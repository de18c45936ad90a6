/**
 * The third model (README §3): connections on the event loop, CPU-bound commands on a pool of
 * worker threads. I/O-bound commands stay on the loop: sending a timer to another thread buys
 * nothing and costs two crossings.
 */
import { createServer } from 'node:net';
import { Connections, closeServer, listenOn, runner } from './event-loop.ts';
import { handleCommand, isCpuBound } from './handler.ts';
import { type PoolError, WorkerPool } from './pool.ts';
import { err, type ReplyCode } from './protocol.ts';
import type { ServeOptions, Service } from './service.ts';

export async function serveThreads(options: ServeOptions): Promise<Service> {
  const { host: _h, port: _p, poolSize, queueLimit, ...handler } = options;
  const pool = new WorkerPool({ size: poolSize ?? 2, queueLimit: queueLimit ?? 64, handler });
  const connections = new Connections(options);
  const run = runner(options, async (command) => {
    // SLEEP, READ, PING and ECHO wait or answer at once: they never need sliceRounds.
    if (!isCpuBound(command)) return handleCommand(command, options);
    try {
      return await pool.run(command);
    } catch (error) {
      // ERR_BUSY or ERR_WORKER_DIED: the pool is closed only after every connection has ended,
      // so no request meets ERR_POOL_CLOSED.
      return err((error as PoolError).code as ReplyCode);
    }
  });
  const server = createServer((socket) => connections.attach(socket, run));
  let port: number;
  try {
    port = await listenOn(server, options);
  } catch (error) {
    await pool.close();
    throw error;
  }
  return {
    model: 'threads',
    port,
    stats: () => {
      const s = pool.stats();
      return { workers: s.workers, restarts: s.restarts, pids: [] };
    },
    async close() {
      const closed = closeServer(server);
      await connections.drain();
      await closed;
      await pool.close();
    },
  };
}
