/**
 * `npm run bench`: requests per second of a trivial /bin/sh script (test/fixtures/cgi-bin/hello.sh)
 *
 *   - through your CGI server (keep-alive connections, in its own process: bench/start.ts),
 *   - through the reference server (only where reference/cgi-runner/src exists),
 *   - and a bare `child_process.spawn` loop running the same script with the same concurrency:
 *     the floor, what process creation alone costs.
 *
 * The figure that matters is the overhead ratio: spawn-loop rate / server rate in the same round
 * (goal ≤ 1.25×). Bounded: BENCH_REQUESTS (default 400) per contender and round,
 * BENCH_CONCURRENCY (default 8), BENCH_ROUNDS (default 7) interleaved rounds after one unmeasured
 * warm-up round (a server's JIT is cold at first; the loop runs far less JavaScript). The median
 * round is reported. Measure side by side in one run; absolute numbers on a shared machine are noise.
 *
 * Beside the rates, CPU µs/req: the CPU time of the process that starts the scripts (the server's
 * process; the bench's own process for the loop), divided by the requests of the round. The
 * scripts' own time is not in it (it is the same on both sides). A loaded machine distorts this
 * figure far less than req/s: it says how much work the server adds to each spawn.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTest } from '@hbu/kata-kit/socket-harness';

const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const script = resolve(import.meta.dirname, '../test/fixtures/cgi-bin/hello.sh');
const env = { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` };

/** The floor: spawn the script `count` times, `concurrency` at a time, read stdout to its end. */
async function spawnLoop(count = requests): Promise<{ rate: number; cpu: number }> {
  let issued = 0;
  const once = (): Promise<void> =>
    new Promise((done, fail) => {
      // stdin /dev/null, as a server gives a request without a body; stdout and stderr pipes.
      const child = spawn(script, [], {
        env: { ...env, REQUEST_METHOD: 'GET' },
        cwd: dirname(script),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.on('error', fail);
      child.on('close', () => (out.endsWith('hello\n') ? done() : fail(new Error(out))));
    });
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < count) {
        issued++;
        await once();
      }
    }),
  );
  const { user, system } = process.cpuUsage(cpu);
  return { rate: count / ((performance.now() - started) / 1000), cpu: (user + system) / count };
}

function startServer(
  impl: string,
): Promise<{ child: ChildProcess; port: number } | { error: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'start.ts'),
        '--impl',
        impl,
        '--port',
        '0',
        '--cpu',
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      done({ error: 'did not start within 15 s' });
    }, 15_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        done({ child, port: Number(m[1]) });
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      done({
        error:
          err
            .split('\n')
            .find((l) => /Error/.test(l))
            ?.trim() ?? 'exited',
      });
    });
  });
}

/** The CPU time (µs) a server's process has used so far (bench/start.ts answers `cpu`). */
function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((done) => {
    const finish = (value: number): void => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      done(value);
    };
    const onData = (c: Buffer): void => {
      const m = /cpu (\d+)/.exec(c.toString());
      if (m !== null) finish(Number(m[1]));
    };
    // A server that died answers nothing: its round then fails on the requests instead.
    const onExit = (): void => finish(Number.NaN);
    if (child.exitCode !== null) return done(Number.NaN);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.stdin?.write('cpu\n');
  });
}

/** Measures one server already running: its rate, and its process's CPU per request. */
async function throughServer(
  server: { child: ChildProcess; port: number },
  count = requests,
): Promise<{ rate: number; cpu: number } | string> {
  const request = { target: '/cgi-bin/hello.sh', headers: { Host: 'bench' } };
  const cpu = await cpuOf(server.child);
  const t0 = performance.now();
  const result = await loadTest(server.port, {
    requests: count,
    connections: concurrency,
    request,
    check: (res) => res.status === 200 && res.body.toString() === 'hello\n',
    timeoutMs: 20_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  const used = (await cpuOf(server.child)) - cpu;
  if (result.errors > 0) return `${result.errors} errors: ${result.firstError}`;
  return { rate: result.requests / seconds, cpu: used / result.requests };
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const impls = ['participant'];
if (existsSync(resolve(import.meta.dirname, '../../../reference/cgi-runner/src/index.ts')))
  impls.push('reference');
const servers = new Map<string, { child: ChildProcess; port: number } | { error: string }>();
for (const impl of impls) servers.set(impl, await startServer(impl));
const FLOOR = 'bare spawn loop';
const label = (impl: string): string =>
  impl === 'participant' ? 'your server' : 'reference server';
// Rounds interleave the contenders, so a change in the machine's load hits them all; each
// server's rate is compared with the spawn loop of the same round, and so is its CPU.
const rates = new Map<string, number[]>();
const cpus = new Map<string, number[]>();
const ratios = new Map<string, number[]>();
const cpuRatios = new Map<string, number[]>();
const failures = new Map<string, string>();
const add = (map: Map<string, number[]>, name: string, value: number): void => {
  map.set(name, [...(map.get(name) ?? []), value]);
};
try {
  // Warm-up, not measured: every contender's code runs hot before the first round.
  await spawnLoop();
  for (const impl of impls) {
    const server = servers.get(impl)!;
    if (!('error' in server)) {
      const warm = await throughServer(server);
      if (typeof warm === 'string') failures.set(impl, warm);
    }
  }
  for (let round = 0; round < rounds; round++) {
    const floor = await spawnLoop();
    add(rates, FLOOR, floor.rate);
    add(cpus, FLOOR, floor.cpu);
    for (const impl of impls) {
      const server = servers.get(impl)!;
      if (failures.has(impl)) continue;
      const measured = 'error' in server ? server.error : await throughServer(server);
      if (typeof measured === 'string') {
        failures.set(impl, measured);
        continue;
      }
      add(rates, label(impl), measured.rate);
      add(cpus, label(impl), measured.cpu);
      add(ratios, label(impl), floor.rate / measured.rate);
      add(cpuRatios, label(impl), measured.cpu / floor.cpu);
    }
  }
} finally {
  for (const server of servers.values()) if ('child' in server) server.child.kill();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\nhello.sh: ${requests} requests per measurement, concurrency ${concurrency}, ${rounds} interleaved rounds after a warm-up.` +
    '\nOverhead = spawn-loop rate / server rate in the same round (goal ≤ 1.25×); medians. Absolute rates are noise on a shared machine.' +
    "\nCPU µs/req: the process that starts the scripts (the server's; the bench's for the loop), scripts excluded; ratio to the loop's in the same round.\n",
);
console.log(
  `  ${''.padEnd(18)} ${'req/s'.padStart(6)}        ${'overhead'.padEnd(8)}  ${'CPU µs/req'.padStart(10)}  CPU ratio`,
);
for (const [name, values] of rates) {
  const r = ratios.get(name);
  const c = cpuRatios.get(name);
  const overhead = r === undefined ? '' : `${median(r).toFixed(2)}×`;
  const cpuRatio = c === undefined ? '' : `${median(c).toFixed(2)}×`;
  console.log(
    `  ${name.padEnd(18)} ${median(values).toFixed(0).padStart(6)} req/s  ${overhead.padEnd(8)}  ${median(cpus.get(name)!).toFixed(0).padStart(10)}  ${cpuRatio}`,
  );
}
for (const [name, r] of ratios)
  console.log(`  ${name}, overhead by round: ${r.map((x) => x.toFixed(2)).join(', ')}`);
for (const [impl, why] of failures)
  console.log(`  ${label(impl).padEnd(18)} not measured: ${why.split('\n')[0]}`);
