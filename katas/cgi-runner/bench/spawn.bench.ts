/**
 * `npm run bench`: requests per second of a trivial /bin/sh script (test/fixtures/cgi-bin/hello.sh)
 *
 *   - through your CGI server (keep-alive connections, in its own process: bench/start.ts),
 *   - through the reference server (only where reference/cgi-runner/src exists),
 *   - and a bare `child_process.spawn` loop running the same script with the same concurrency:
 *     the floor, what process creation alone costs.
 *
 * The figure that matters is the overhead ratio: spawn-loop rate / server rate (goal ≤ 1.25×).
 * Bounded: BENCH_REQUESTS (default 400) per contender, BENCH_CONCURRENCY (default 8). Measure
 * side by side in one run; absolute numbers on a shared machine are noise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTest } from '@hbu/kata-kit/socket-harness';

const requests = Number(process.env.BENCH_REQUESTS ?? 400);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const script = resolve(import.meta.dirname, '../test/fixtures/cgi-bin/hello.sh');
const env = { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin` };

/** The floor: spawn the script `requests` times, `concurrency` at a time, read stdout to its end. */
async function spawnLoop(): Promise<number> {
  let issued = 0;
  const once = (): Promise<void> =>
    new Promise((done, fail) => {
      const child = spawn(script, [], {
        env: { ...env, REQUEST_METHOD: 'GET' },
        cwd: dirname(script),
        detached: true,
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      child.stdin.end();
      child.on('error', fail);
      child.on('close', () => (out.endsWith('hello\n') ? done() : fail(new Error(out))));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests) {
        issued++;
        await once();
      }
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

function startServer(
  impl: string,
): Promise<{ child: ChildProcess; port: number } | { error: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'start.ts'), '--impl', impl, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
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

/** Measures one server already running on `port`. */
async function throughServer(port: number): Promise<number | string> {
  const request = { target: '/cgi-bin/hello.sh', headers: { Host: 'bench' } };
  const t0 = performance.now();
  const result = await loadTest(port, {
    requests,
    connections: concurrency,
    request,
    check: (res) => res.status === 200 && res.body.toString() === 'hello\n',
    timeoutMs: 20_000,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (result.errors > 0) return `${result.errors} errors: ${result.firstError}`;
  return result.requests / seconds;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const impls = ['participant'];
if (existsSync(resolve(import.meta.dirname, '../../../reference/cgi-runner/src/index.ts')))
  impls.push('reference');
const servers = new Map<string, { child: ChildProcess; port: number } | { error: string }>();
for (const impl of impls) servers.set(impl, await startServer(impl));
const label = (impl: string): string =>
  impl === 'participant' ? 'your server' : 'reference server';
// Rounds interleave the contenders, so a change in the machine's load hits them all; each
// server's rate is compared with the spawn loop of the same round.
const ratios = new Map<string, number[]>();
const rates = new Map<string, number[]>();
const failures = new Map<string, string>();
try {
  for (let round = 0; round < rounds; round++) {
    const floor = await spawnLoop();
    rates.set('bare spawn loop', [...(rates.get('bare spawn loop') ?? []), floor]);
    for (const impl of impls) {
      const server = servers.get(impl)!;
      const rate = 'error' in server ? server.error : await throughServer(server.port);
      if (typeof rate === 'string') {
        failures.set(impl, rate);
        continue;
      }
      rates.set(label(impl), [...(rates.get(label(impl)) ?? []), rate]);
      ratios.set(label(impl), [...(ratios.get(label(impl)) ?? []), floor / rate]);
    }
  }
} finally {
  for (const server of servers.values()) if ('child' in server) server.child.kill();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\nhello.sh: ${requests} requests per measurement, concurrency ${concurrency}, ${rounds} interleaved rounds.` +
    '\nOverhead = spawn-loop rate / server rate in the same round (goal ≤ 1.25×); medians. Absolute rates are noise on a shared machine.\n',
);
for (const [name, values] of rates) {
  const r = ratios.get(name);
  const tail =
    r === undefined
      ? ''
      : `   overhead ${median(r).toFixed(2)}× (rounds: ${r.map((x) => x.toFixed(2)).join(', ')})`;
  console.log(`  ${name.padEnd(18)} ${median(values).toFixed(0).padStart(6)} req/s${tail}`);
}
for (const [impl, why] of failures)
  console.log(`  ${label(impl).padEnd(18)} not measured: ${why.split('\n')[0]}`);
