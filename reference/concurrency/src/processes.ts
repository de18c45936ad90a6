/**
 * The fourth model (README §4): worker processes that share one listening socket through
 * node:cluster, each running the async model; a worker that dies is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import { type AddressInfo, createServer } from 'node:net';
import type { ServeOptions, Service } from './service.ts';
import { tsExecPath } from './spawn-ts.ts';

/**
 * A free port, found by listening on port 0 and closing. Workers that all `listen(0)` would share
 * one handle per primary (cluster keys handles by address and port), so a second service in the
 * same primary would receive the first one's connections: give every service its own number.
 */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function serveProcesses(options: ServeOptions): Promise<Service> {
  const size = options.poolSize ?? 2;
  const exec = tsExecPath(new URL('./cluster-worker.ts', import.meta.url));
  const host = options.host ?? '127.0.0.1';
  const chosen = options.port || (await freePort(host));
  const env = { HBU_CONCURRENCY_OPTIONS: JSON.stringify({ ...options, host, port: chosen }) };
  const workers = new Set<Worker>();
  /** Workers that listen, and so have their message handler: one that has not would lose 'shutdown'. */
  const ready = new Set<Worker>();
  const exits = new Set<Promise<unknown>>();
  let restarts = 0;
  let closing = false;
  let port = 0;

  const start = (): Promise<number> => {
    cluster.setupPrimary({ exec, args: [] });
    const worker = cluster.fork(env);
    workers.add(worker);
    exits.add(new Promise((resolve) => worker.once('exit', resolve)));
    worker.on('error', () => {});
    worker.once('listening', () => ready.add(worker));
    worker.once('exit', () => {
      workers.delete(worker);
      ready.delete(worker);
      // Its connections died with it; the service lives on, with a new worker in its place.
      if (!closing) {
        restarts++;
        start().catch(() => {});
      }
    });
    return new Promise((resolve, reject) => {
      worker.once('listening', (address) => resolve(address.port));
      worker.once('exit', (code) =>
        reject(new Error(`worker exited with ${code} before listening`)),
      );
    });
  };

  const shutdown = async (): Promise<void> => {
    closing = true;
    for (const worker of workers) {
      // Not listening yet: it holds no connection, so there is nothing to drain.
      if (ready.has(worker) && worker.isConnected()) worker.send({ type: 'shutdown' });
      else worker.process.kill();
    }
    // A worker that does not drain in time is killed: close() always ends.
    const deadline = setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs ?? 10_000);
    await Promise.all(exits);
    clearTimeout(deadline);
  };

  try {
    const ports = await Promise.all(Array.from({ length: size }, start));
    port = ports[0] ?? 0;
  } catch (error) {
    await shutdown();
    throw error;
  }
  return {
    model: 'processes',
    port,
    stats: () => ({
      workers: workers.size,
      restarts,
      pids: [...workers].flatMap((w) => w.process.pid ?? []),
    }),
    close: shutdown,
  };
}
