/**
 * A keep-alive connection pool: per origin, idle sockets to reuse and a bound on open sockets.
 *
 * RFC 9112 §9.3: an HTTP/1.1 connection persists unless either side says `Connection: close`;
 * §9.4 asks clients to limit the connections they keep to one server. A request waits for a
 * socket when its origin is at the bound, and takes a socket handed back by a finished one.
 */
import { connect, type Socket } from 'node:net';
import { CrawlerError } from './errors.ts';
import type { HttpTarget } from './url.ts';

export interface AgentOptions {
  /** Open sockets per origin, busy or idle (default 6, like browsers). */
  maxSocketsPerOrigin?: number;
  /** How long an idle socket is kept before it is closed (default 4000 ms). */
  keepAliveMs?: number;
}

/** A socket lent to one request; `reused` when it served an earlier request. */
export interface Lease {
  socket: Socket;
  reused: boolean;
}

interface Waiter {
  target: HttpTarget;
  timeoutMs: number;
  resolve: (lease: Lease) => void;
  reject: (error: unknown) => void;
}

interface OriginPool {
  /** Sockets open (busy or idle) or connecting. */
  open: number;
  idle: Socket[];
  waiters: Waiter[];
}

const ignore = (): void => {};

export class Agent {
  readonly maxSocketsPerOrigin: number;
  readonly keepAliveMs: number;
  private readonly pools = new Map<string, OriginPool>();
  private readonly timers = new Map<Socket, NodeJS.Timeout>();
  private readonly all = new Set<Socket>();
  private closed = false;

  constructor(options: AgentOptions = {}) {
    this.maxSocketsPerOrigin = Math.max(1, options.maxSocketsPerOrigin ?? 6);
    this.keepAliveMs = options.keepAliveMs ?? 4000;
  }

  /** Sockets currently open through this agent, busy or idle. */
  get openSockets(): number {
    return this.all.size;
  }

  private pool(origin: string): OriginPool {
    let p = this.pools.get(origin);
    if (p === undefined) {
      p = { open: 0, idle: [], waiters: [] };
      this.pools.set(origin, p);
    }
    return p;
  }

  /**
   * A socket to `target`'s origin: an idle one, a new one, or the next one released.
   * @internal plumbing between this solution's modules, not part of the kata's interface.
   */
  acquire(target: HttpTarget, timeoutMs: number): Promise<Lease> {
    if (this.closed) return Promise.reject(new CrawlerError('ERR_CRAWLER_ABORTED', 'agent closed'));
    const p = this.pool(target.origin);
    while (p.idle.length > 0) {
      const socket = p.idle.pop()!;
      this.unidle(socket);
      if (!socket.destroyed && socket.readyState === 'open')
        return Promise.resolve({ socket, reused: true });
    }
    if (p.open < this.maxSocketsPerOrigin) return this.dial(target, timeoutMs);
    return new Promise((resolve, reject) => p.waiters.push({ target, timeoutMs, resolve, reject }));
  }

  private dial(target: HttpTarget, timeoutMs: number): Promise<Lease> {
    const p = this.pool(target.origin);
    p.open++;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.hostname, port: target.port });
      socket.setNoDelay(true);
      this.all.add(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new CrawlerError('ERR_CRAWLER_TIMEOUT', `connect to ${target.origin}: ${timeoutMs} ms`),
        );
      }, timeoutMs);
      socket.on('error', ignore);
      socket.once('close', () => {
        clearTimeout(timer);
        this.all.delete(socket);
        this.unidle(socket);
        const i = p.idle.indexOf(socket);
        if (i >= 0) p.idle.splice(i, 1);
        p.open--;
        this.next(target.origin);
        reject(new CrawlerError('ERR_CRAWLER_CONNECTION', `cannot connect to ${target.origin}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ socket, reused: false });
      });
    });
  }

  /**
   * Closes the idle sockets of an origin (a stale one was met: the others may be stale too).
   * @internal
   */
  dropIdle(target: HttpTarget): void {
    for (const socket of this.pool(target.origin).idle.splice(0)) {
      this.unidle(socket);
      socket.destroy();
    }
  }

  /**
   * Gives the socket back: kept for reuse when `reusable`, destroyed otherwise.
   * @internal
   */
  release(target: HttpTarget, socket: Socket, reusable: boolean): void {
    if (!reusable || this.closed || socket.destroyed) {
      socket.destroy();
      return; // its 'close' handler frees the slot and serves a waiter
    }
    const p = this.pool(target.origin);
    const waiter = p.waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve({ socket, reused: true });
      return;
    }
    p.idle.push(socket);
    socket.unref();
    const timer = setTimeout(() => socket.destroy(), this.keepAliveMs);
    timer.unref();
    this.timers.set(socket, timer);
  }

  private unidle(socket: Socket): void {
    const timer = this.timers.get(socket);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(socket);
      socket.ref();
    }
  }

  /** A slot freed: the oldest waiter of that origin dials. */
  private next(origin: string): void {
    const p = this.pool(origin);
    if (p.open >= this.maxSocketsPerOrigin) return;
    const waiter = p.waiters.shift();
    if (waiter === undefined) return;
    if (this.closed) {
      waiter.reject(new CrawlerError('ERR_CRAWLER_ABORTED', 'agent closed'));
      return;
    }
    this.dial(waiter.target, waiter.timeoutMs).then(waiter.resolve, waiter.reject);
  }

  /** Closes every socket (idle and busy) and fails the requests still waiting. */
  close(): void {
    this.closed = true;
    for (const p of this.pools.values()) {
      for (const w of p.waiters.splice(0)) {
        w.reject(new CrawlerError('ERR_CRAWLER_ABORTED', 'agent closed'));
      }
    }
    for (const socket of this.all) socket.destroy();
  }
}
