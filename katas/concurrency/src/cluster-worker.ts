/**
 * The entry of a worker process (README §4): the async model in a process of its own, listening
 * on the port the primary shares. `{ type: 'shutdown' }` from the primary drains it and exits.
 *
 * Started by your serveProcesses through `tsExecPath(new URL('./cluster-worker.ts', import.meta.url))`.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// TODO: read the options the primary passed (an environment variable holding JSON is simplest),
// listen with your connection handling, and on { type: 'shutdown' } drain and exit(0).
notImplemented('the cluster worker', 4);
