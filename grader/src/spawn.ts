/**
 * Starts a child (child/run-kata.mjs) in its own process group with a reduced environment, a heap
 * cap and a budget, reads its messages from the fd-3 channel, and kills the whole group when the
 * run ends or the budget is spent. Nothing is decided from the exit code.
 *
 * The budget is CPU time where /proc can tell (Linux): the user and system time of the child and
 * every process below it, reaped ones included. A machine under load gives the same code the same
 * CPU time, only later, so an honest kata is never cut because the machine was busy, while a
 * synchronous infinite loop spends its budget as fast as it gets a core. A wall-clock backstop of
 * WALL_BACKSTOP times the budget ends runs that hang without spending CPU. Without /proc (macOS)
 * the budget is wall-clock time, as before.
 * The channel key is handed over on stdin; see child/run-kata.mjs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ChildArgs, ChildMessage } from './child/protocol.ts';
import { type SandboxPlan, sandboxCommand } from './sandbox.ts';

const childScript = resolve(import.meta.dirname, 'child/run-kata.mjs');

/** Bytes of the child's stdout/stderr kept for diagnostics; the rest is read and dropped. */
export const OUTPUT_CAP_BYTES = 16 * 1024;
/** Messages accepted from one child; a flood of registered tests cannot exhaust the grader. */
export const MESSAGE_CAP = 50_000;
const LINE_CAP_BYTES = 256 * 1024;

export interface ChildRun {
  messages: ChildMessage[];
  /** The budget ran out before the child said the run had ended. */
  timedOut: boolean;
  /** The child ended (or was killed) without saying the run had ended. */
  ended: boolean;
  /** The head of the child's stdout and stderr, for a diagnostic when something broke. */
  output: string;
  /** Lines on the channel that failed authentication (forgeries, replays or noise). */
  rejectedLines: number;
  durationMs: number;
  /** CPU time the run's processes used, where /proc can tell (ms). */
  cpuMs?: number;
}

/** The wall-clock backstop of a CPU budget, as a multiple of the budget. */
export const WALL_BACKSTOP = 5;
/** How often the CPU time of a run is read. */
const CPU_POLL_MS = 1_000;
/** USER_HZ: the unit of the times in /proc/<pid>/stat (100 on every Linux Node runs on). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time (user + system, ms) of `root` and every live process below it, each with the time of
 * its reaped children (so finished vitest workers still count), found through
 * `/proc/<pid>/task/<tid>/children` (only the tree is read, not all of /proc). Undefined where
 * /proc cannot tell (not Linux, or `root` is gone).
 */
export function treeCpuMs(root: number): number | undefined {
  const ticksOf = (pid: number): number | undefined => {
    try {
      // "pid (comm) state ppid … utime stime cutime cstime …": comm may hold spaces and ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    } catch {
      return undefined;
    }
  };
  /** Children of `pid` from /proc/<pid>/task/<tid>/children (every thread's). */
  const childrenOf = (pid: number): number[] => {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
    return tids.flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1')
          .split(' ')
          .filter((p) => p !== '' && p !== '\n')
          .map(Number);
      } catch {
        return [];
      }
    });
  };
  const first = ticksOf(root);
  if (first === undefined) return undefined;
  let ticks = 0;
  const todo = [root];
  for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
    ticks += ticksOf(pid) ?? 0;
    todo.push(...childrenOf(pid));
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

export interface SpawnOptions {
  cwd: string;
  /** CPU time of the run's process tree (Linux), else wall-clock time; see the top of this file. */
  budgetMs: number;
  /** Environment for the child, replacing (not extending) the grader's. */
  env: Record<string, string>;
  /** Heap cap of the child itself (vitest's main loop), MiB. */
  memoryMb?: number;
  onMessage?: (message: ChildMessage) => void;
  /** Run the child inside this bubblewrap sandbox (its env replaces `env`). */
  sandbox?: Omit<SandboxPlan, 'env' | 'cwd'> | undefined;
  /** The run's secret (canary plan), handed over on stdin after the channel key. */
  secret?: string;
}

/** The environment participant code sees: what node, vitest and fast-check need, no secrets. */
export function reducedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: tmpdir(),
    TMPDIR: tmpdir(),
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    NODE_ENV: 'test',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CI: 'true',
  };
  return { ...env, ...extra };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  try {
    child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Children run detached (their own process group), so they would outlive the grader on Ctrl-C:
 * every live group is killed when the grader exits or is interrupted.
 */
const live = new Set<ChildProcess>();
let cleanupInstalled = false;
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of live) killGroup(child);
      process.kill(process.pid, signal);
    });
  }
}

export function runChild(args: ChildArgs, options: SpawnOptions): Promise<ChildRun> {
  installCleanup();
  const started = performance.now();
  const key = randomBytes(32).toString('hex');
  const command = [
    process.execPath,
    `--max-old-space-size=${options.memoryMb ?? 1024}`,
    childScript,
    JSON.stringify(args),
  ];
  // In the sandbox, bwrap is the process group's leader and the sandbox's PID 1 dies with it.
  const [file, ...argv] =
    options.sandbox === undefined
      ? command
      : [
          'bwrap',
          ...sandboxCommand({ ...options.sandbox, env: options.env, cwd: options.cwd }, command),
        ];
  const child = spawn(file!, argv, {
    cwd: options.cwd,
    env:
      options.sandbox === undefined ? options.env : { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  const run: ChildRun = {
    messages: [],
    timedOut: false,
    ended: false,
    output: '',
    rejectedLines: 0,
    durationMs: 0,
  };

  return new Promise((resolvePromise) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (cpuMs !== undefined) run.cpuMs = Math.round(cpuMs);
      killGroup(child);
      live.delete(child);
      run.durationMs = Math.round(performance.now() - started);
      for (const stream of [child.stdout, child.stderr, child.stdio[3]]) {
        (stream as Readable | null)?.destroy();
      }
      resolvePromise(run);
    };
    // CPU budget where /proc tells the tree's CPU time, with a wall-clock backstop; else wall clock.
    let cpuMs = child.pid === undefined ? undefined : treeCpuMs(child.pid);
    const byCpu = cpuMs !== undefined;
    const timer = setTimeout(
      () => {
        run.timedOut = true;
        finish();
      },
      byCpu ? options.budgetMs * WALL_BACKSTOP : options.budgetMs,
    );
    const poll = setInterval(() => {
      if (!byCpu || child.pid === undefined) return;
      const now = treeCpuMs(child.pid);
      if (now === undefined) return;
      cpuMs = Math.max(cpuMs ?? 0, now);
      if (cpuMs > options.budgetMs) {
        run.timedOut = true;
        finish();
      }
    }, CPU_POLL_MS);

    child.stdin?.on('error', () => {});
    child.stdin?.end(`${key}\n${options.secret ?? ''}\n`);

    let kept = 0;
    const keep = (chunk: Buffer): void => {
      if (kept >= OUTPUT_CAP_BYTES) return;
      const text = chunk.subarray(0, OUTPUT_CAP_BYTES - kept).toString('utf8');
      kept += chunk.length;
      run.output += text;
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);

    const channel = child.stdio[3] as Readable | null;
    let pending = '';
    let lastSeq = 0;
    const accept = (line: string): void => {
      if (line === '') return;
      const first = line.indexOf(' ');
      const second = line.indexOf(' ', first + 1);
      const seq = Number(line.slice(0, first));
      const mac = Buffer.from(line.slice(first + 1, second));
      const payload = line.slice(second + 1);
      const want = Buffer.from(
        createHmac('sha256', key).update(`${seq} ${payload}`).digest('base64url'),
      );
      // Authentic, in order, never replayed; anything else is a forgery or noise.
      if (
        first < 1 ||
        second < 0 ||
        !Number.isSafeInteger(seq) ||
        seq <= lastSeq ||
        mac.length !== want.length ||
        !timingSafeEqual(mac, want) ||
        run.messages.length >= MESSAGE_CAP
      ) {
        run.rejectedLines++;
        return;
      }
      lastSeq = seq;
      let message: ChildMessage;
      try {
        message = JSON.parse(payload) as ChildMessage;
      } catch {
        run.rejectedLines++;
        return;
      }
      run.messages.push(message);
      options.onMessage?.(message);
      if (message.t === 'run-end' || message.t === 'fatal') {
        run.ended = true;
        finish();
      }
    };
    channel?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline !== -1 && !finished) {
        accept(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      if (pending.length > LINE_CAP_BYTES) {
        run.rejectedLines++;
        pending = '';
      }
    });
    channel?.on('error', () => {});
    child.on('error', (error) => {
      run.output += `\n${error.message}`;
      finish();
    });
    // The child is gone (killed, crashed, exited): whatever was reported is all there is.
    child.on('exit', () => setTimeout(finish, 50));
  });
}
