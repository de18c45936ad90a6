/**
 * The third model (README §3): connections on the event loop, CPU-bound commands on a pool of
 * worker threads. I/O-bound commands stay on the loop: sending a timer to another thread buys
 * nothing and costs two crossings.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { ServeOptions, Service } from './service.ts';

export async function serveThreads(options: ServeOptions): Promise<Service> {
  // TODO: a WorkerPool of options.poolSize (default 2) with options.queueLimit (default 64);
  // a PoolError becomes `ERR <code>`.
  return notImplemented('serveThreads', 3);
}
