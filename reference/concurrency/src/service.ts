/** What the four serving models share: options, the Service they return (README, "The API"). */
import type { HandlerOptions } from './handler.ts';

/** The four ways of serving (README §2–§4). */
export type Model = 'blocking' | 'async' | 'threads' | 'processes';

/** Options of every `serve…` function. Unset fields take the defaults named here. */
export interface ServeOptions extends Omit<HandlerOptions, 'onCrash'> {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port, read it from `Service.port`. */
  port?: number;
  /** Longest request line in bytes (default 1024): longer is ERR_LINE_TOO_LONG and a close. */
  maxLineBytes?: number;
  /**
   * How long a connection may take to send one complete request line (default 30 000 ms): the
   * clock starts when the server waits for a line and is not restarted by each byte (README §6).
   */
  idleTimeoutMs?: number;
  /** Worker threads or processes (default 2). */
  poolSize?: number;
  /** How long close() lets worker processes drain before killing them (default 10 000 ms). */
  shutdownTimeoutMs?: number;
  /** Requests that may wait for a busy pool (default 64); past it: ERR_BUSY (README §3). */
  queueLimit?: number;
}

/** A snapshot of a running service. */
export interface ServiceStats {
  /** Live worker threads or processes (0 for blocking and async). */
  workers: number;
  /** Workers started again after one died. */
  restarts: number;
  /** Process ids of the worker processes (`processes` only; otherwise empty). */
  pids: number[];
}

/** A listening service. */
export interface Service {
  readonly model: Model;
  /** The port it listens on (127.0.0.1 unless `host` said otherwise). */
  readonly port: number;
  stats(): ServiceStats;
  /**
   * Graceful shutdown (README §5): stop accepting, let every request being executed finish and
   * send its reply, close every connection, end every worker; resolves when all of it is done.
   */
  close(): Promise<void>;
}
