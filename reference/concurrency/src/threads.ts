/**
 * The third model (README §3): connections on the event loop, CPU-bound commands on a pool of
 * worker threads. I/O-bound commands stay on the loop: sending a timer to another thread buys
 * nothing and costs two crossings.
 */
import { createServer } from 'node:net';
import { Connections, closeServer, listenOn, runner } from './event-loop.ts';
import { handleCommand, isCpuBound } from './handler.ts';
import { PoolError, WorkerPool } from './pool.ts';
import { err } from './protocol.ts';
import type { ServeOptions, Service } from './service.ts';

export async function serveThreads(options: ServeOptions): Promise<Service> {
  const { host: _h, port: _p, poolSize, queueLimit, ...handler } = options;
  const pool = new WorkerPool({ size: poolSize ?? 2, queueLimit: queueLimit ?? 64, handler });
  const onLoop = { ...options, sliceRounds: options.sliceRounds ?? 2_000 };
  const connections = new Connections(options);
  const run = runner(options, async (command) => {
    if (!isCpuBound(command)) return handleCommand(command, onLoop);
    try {
      return await pool.run(command);
    } catch (error) {
      return err(
        error instanceof PoolError && error.code !== 'ERR_POOL_CLOSED'
          ? error.code
          : 'ERR_INTERNAL',
      );
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
