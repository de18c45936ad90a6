/**
 * concurrency — one line-protocol service, served four ways (README).
 *
 * This is the stub. Every exported name, type and doc comment is final; every function that does
 * work throws `NotImplementedError` naming the README stage to read. protocol.ts and spawn-ts.ts
 * are given complete. Split your solution into as many modules as you like, keep these exports.
 */

// TODO: stage by stage, fill in handler.ts (§1), event-loop.ts (§2), pool.ts, worker.ts and
// threads.ts (§3), processes.ts and cluster-worker.ts (§4), then shutdown (§5) and security (§6).
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
