/**
 * The entry of a worker process (README §4): the async model in a process of its own, listening
 * on the port the primary shares. `{ type: 'shutdown' }` from the primary drains it and exits.
 */
import { createServer } from 'node:net';
import { Connections, runner } from './event-loop.ts';
import { type HandlerOptions, handleCommand } from './handler.ts';
import type { ServeOptions } from './service.ts';

const options = JSON.parse(process.env.HBU_CONCURRENCY_OPTIONS ?? '{}') as ServeOptions;
const handler: HandlerOptions = {
  ...options,
  sliceRounds: options.sliceRounds ?? 2_000,
  // The poison request takes its whole process down, every connection it held with it.
  onCrash: () => process.exit(70),
};
const connections = new Connections(options);
const run = runner(options, (command) => handleCommand(command, handler));
const server = createServer((socket) => connections.attach(socket, run));
server.listen(options.port ?? 0, options.host ?? '127.0.0.1');

process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'shutdown') return;
  // Stop accepting; the primary keeps the shared socket for the other workers. Waiting for this
  // close's callback is not needed: once our connections are done, nothing is left to do.
  server.close();
  await connections.drain();
  process.exit(0);
});
