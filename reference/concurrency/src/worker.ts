/**
 * The entry of a pool's worker thread (README §3): one command in, one reply line out, for as
 * long as the pool keeps it. HASH runs unsliced: this thread has nothing else to do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Command, type HandlerOptions, handleCommand } from './handler.ts';

const options: HandlerOptions = {
  ...(workerData as HandlerOptions),
  sliceRounds: Number.POSITIVE_INFINITY,
  // In a worker thread, process.exit ends this thread only: the poison request kills its worker.
  onCrash: () => process.exit(70),
};

parentPort?.on('message', async (command: Command) => {
  parentPort?.postMessage(await handleCommand(command, options));
});
