/**
 * The fourth model (README §4): worker processes that share one listening socket through
 * node:cluster, each running the async model; a worker that dies is replaced.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { ServeOptions, Service } from './service.ts';

export async function serveProcesses(options: ServeOptions): Promise<Service> {
  // TODO: cluster.setupPrimary({ exec: tsExecPath(new URL('./cluster-worker.ts', import.meta.url)) }),
  // cluster.fork(env) poolSize times; the port from the worker's 'listening' event.
  return notImplemented('serveProcesses', 4);
}
