/**
 * concurrency — one line-protocol service, served four ways (README).
 *
 * The reference: the same exports as the stub, split into modules by stage.
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
