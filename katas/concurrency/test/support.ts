/**
 * What the concurrency specs share: the fixture root, the four serving models by name, a line
 * client on the socket harness, services closed after each test, pools closed after each file,
 * and the check that no worker
 * thread, child process or socket outlives a spec file.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect as connectTcp, type Socket } from 'node:net';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { handleCensus, handlesBeyond } from '@hbu/kata-kit/handles';
import { connect, type TestSocket, useSocketHarness } from '@hbu/kata-kit/socket-harness';
import { afterAll, afterEach, beforeAll, expect, onTestFinished } from 'vitest';
import {
  type Model,
  type ServeOptions,
  type Service,
  serveAsync,
  serveBlocking,
  serveProcesses,
  serveThreads,
  WorkerPool,
} from '../src/index.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
/** The directory READ serves in every spec. */
export const ROOT = join(FIXTURES, 'files');

/**
 * Every process the implementation starts inherits this thread's environment, and with it this
 * variable: that is how the leak check finds them (another spec file's thread has another value).
 */
export const MARKER = 'HBU_CONCURRENCY_SPEC';
process.env[MARKER] ??= randomUUID();

export const SERVE: Record<Model, (options: ServeOptions) => Promise<Service>> = {
  blocking: serveBlocking,
  async: serveAsync,
  threads: serveThreads,
  processes: serveProcesses,
};

/** A HASH that takes far longer than a SLEEP 0 on any machine (hundreds of thousands of rounds). */
export const LONG_HASH = 'HASH 400000 slow';

const started = new Set<Service>();

/**
 * Registers the socket harness and closes, after each test, every service the test started and
 * did not close itself; returns `start(model, options)`.
 */
export function useServices(): (model: Model, options?: Partial<ServeOptions>) => Promise<Service> {
  useSocketHarness(afterEach);
  afterEach(async () => {
    const open = [...started];
    started.clear();
    await Promise.all(open.map((service) => service.close().catch(() => {})));
  });
  return start;
}

/**
 * Closes, after the spec file, every WorkerPool it made; returns `pool(size, queueLimit)`, a pool
 * on the fixture root.
 */
export function usePools(): (size: number, queueLimit: number) => WorkerPool {
  const pools = new Set<WorkerPool>();
  afterAll(async () => {
    await Promise.all([...pools].map((p) => p.close().catch(() => {})));
  });
  return (size, queueLimit) => {
    const made = new WorkerPool({ size, queueLimit, handler: { root: ROOT } });
    pools.add(made);
    return made;
  };
}

/** Starts a service that is closed after the test (or when the test closes it). */
export async function start(model: Model, options: Partial<ServeOptions> = {}): Promise<Service> {
  const service = await SERVE[model]({ root: ROOT, poolSize: 2, ...options });
  const close = service.close.bind(service);
  let closing: Promise<void> | undefined;
  started.add(service);
  return {
    model: service.model,
    port: service.port,
    stats: () => service.stats(),
    close: () => {
      started.delete(service);
      closing ??= close();
      return closing;
    },
  };
}

/** A client of the line protocol on the socket harness (closed after each test). */
export class LineClient {
  constructor(readonly socket: TestSocket) {}

  static async open(port: number): Promise<LineClient> {
    return new LineClient(await connect(port, 10_000));
  }

  /** Sends request lines (each followed by LF). */
  send(...lines: string[]): Promise<void> {
    return this.socket.write(Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'));
  }

  /** The next reply line, without its LF. */
  reply(timeoutMs = 15_000): Promise<string> {
    return this.socket.waitFor(
      'a reply line',
      (buf) => {
        const lf = buf.indexOf(0x0a);
        if (lf < 0) return undefined;
        this.socket.buffered = buf.subarray(lf + 1);
        return buf.subarray(0, lf).toString('utf8');
      },
      timeoutMs,
    );
  }

  /** The next `n` reply lines. */
  async replies(n: number, timeoutMs = 15_000): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await this.reply(timeoutMs));
    return out;
  }

  /** Whether a complete reply line has arrived and not been read. */
  get hasReply(): boolean {
    return this.socket.buffered.includes(0x0a);
  }

  /** Everything until the server closes the connection, as text. */
  async untilClose(timeoutMs = 15_000): Promise<string> {
    return (await this.socket.readUntilClose(timeoutMs)).toString('utf8');
  }

  close(): void {
    this.socket.close();
  }
}

/** Sends `lines` on a new connection and returns as many replies. */
export async function ask(port: number, ...lines: string[]): Promise<string[]> {
  const client = await LineClient.open(port);
  await client.send(...lines);
  const out = await client.replies(lines.length);
  client.close();
  return out;
}

/** Polls `ready` every 25 ms for up to `ms`; resolves whether it became true. */
export async function until(
  ready: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return ready();
}

/** True while `pid` is a running process (a zombie counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Live processes carrying this thread's MARKER value. Empty where /proc is absent. */
export function markedProcesses(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = `${MARKER}=${process.env[MARKER]}\0`;
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) continue;
      // esbuild's service process (spawn-ts.ts bundles with it) lives as long as this process.
      if (readFileSync(`/proc/${entry}/cmdline`, 'latin1').includes('esbuild')) continue;
      if (isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Handles of this thread that a service holds: listening sockets, connections, workers, children. */
const WATCHED = ['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap', 'MessagePort'];

/** What this thread holds beyond `baseline`, plus every marked process still alive. */
export function leftovers(baseline: Record<string, number>): string[] {
  const extra = handlesBeyond(baseline).map((entry) =>
    entry.endsWith('MessagePort') ? `${entry} (a worker thread)` : entry,
  );
  return [...extra, ...markedProcesses().map((pid) => `process ${pid}`)];
}

/**
 * After the spec file: no worker thread, child process, server or socket it started is left
 * (README §5). Waits a few seconds for things that are ending, then kills what is left and fails.
 */
export function useNoLeftovers(): void {
  let baseline: Record<string, number> = {};
  beforeAll(() => {
    baseline = handleCensus(WATCHED);
  });
  afterAll(async () => {
    let left = leftovers(baseline);
    await until(() => {
      left = leftovers(baseline);
      return left.length === 0;
    }, 5_000);
    for (const entry of left) {
      const pid = /^process (\d+)$/.exec(entry)?.[1];
      if (pid !== undefined) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    expect(
      left,
      hint(
        5,
        'these outlived the spec file: close() must end every connection, worker and process',
      ),
    ).toEqual([]);
  }, 20_000);
}

/**
 * A raw TCP client of 127.0.0.1:`port`, destroyed when the test ends; with `allowHalfOpen` it keeps
 * its own half of the connection open after the server's FIN.
 */
export function rawClient(port: number, allowHalfOpen = false): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ port, host: '127.0.0.1', allowHalfOpen });
    onTestFinished(() => {
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

/** Whether a connection to `host:port` is accepted. */
export function accepted(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ port, host });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
  });
}
