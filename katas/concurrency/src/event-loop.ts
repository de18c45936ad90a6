/**
 * The first two models (README §2): serveBlocking, one client at a time, and serveAsync, every
 * client on one event loop with CPU work cut into slices. The connection handling you write here
 * (a LineReader per connection, one request at a time, replies in order, the idle timer, the
 * drain) serves the other two models as well: export it from a module of your own.
 */
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the stubs ignore their parameters (delete this line once yours use them).
import { notImplemented } from '@hbu/kata-kit/not-implemented';
import type { ServeOptions, Service } from './service.ts';

/**
 * One client at a time (README §2): the next connection waits, unread, until the current one
 * closes, and HASH runs to its end without yielding. The anti-pattern, kept to be measured.
 */
export async function serveBlocking(options: ServeOptions): Promise<Service> {
  // TODO: net.createServer({ pauseOnConnect: true }), a queue of waiting sockets.
  return notImplemented('serveBlocking', 2);
}

/**
 * Every client on one event loop (README §2): I/O waits cost nothing, and HASH yields to the loop
 * every `sliceRounds` rounds (default 2 000), so one big HASH does not stall everyone else.
 */
export async function serveAsync(options: ServeOptions): Promise<Service> {
  // TODO
  return notImplemented('serveAsync', 2);
}
