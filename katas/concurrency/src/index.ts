/**
 * concurrency — one line-protocol service, served four ways (README).
 *
 * This is the stub. Every exported name, type and doc comment is final; every function that does
 * work throws `NotImplementedError` naming the README stage to read. protocol.ts and spawn-ts.ts
 * are given complete. Split your solution into as many modules as you like, keep these exports.
 */
export { serveAsync, serveBlocking } from './event-loop.ts';
export {
  type Command,
  DEFAULT_LIMITS,
  execute,
  type HandlerOptions,
  handleCommand,
  handleLine,
  hashRounds,
  hashSliced,
  isCpuBound,
  type Limits,
  ProtocolError,
  parseCommand,
} from './handler.ts';
export { PoolError, type PoolOptions, type PoolStats, WorkerPool } from './pool.ts';
export { serveProcesses } from './processes.ts';
export {
  DEFAULT_MAX_LINE_BYTES,
  err,
  LineReader,
  LineTooLongError,
  ok,
  type ReplyCode,
} from './protocol.ts';
export type { Model, ServeOptions, Service, ServiceStats } from './service.ts';
export { serveThreads } from './threads.ts';
