/**
 * The entry of a pool's worker thread (README §3): one command in, one reply line out, for as
 * long as the pool keeps it. HASH runs unsliced: this thread has nothing else to do.
 *
 * Started by your WorkerPool through `tsWorker(new URL('./worker.ts', import.meta.url), { workerData })`.
 */
import { notImplemented } from '@hbu/kata-kit/not-implemented';

// TODO: parentPort.on('message', …): run the command with handleCommand, post the reply back.
// CRASH in a worker is `process.exit(70)`: it ends this thread only.
notImplemented('the worker thread', 3);
