/**
 * `npm run bench`: requests per second of one JSON endpoint (GET /users/:id) through your
 * framework on your stack, the reference framework on the reference stack (when this tree has
 * one), the reference gateway alone with a bare application (where the time goes: the gateway
 * or the framework), and Hono on @hono/node-server — the baseline. Each server runs in its own
 * process; autocannon measures them in interleaved rounds (BENCH_ROUNDS, default 5, of
 * BENCH_SECONDS, default 1, after a 1 s warm-up; BENCH_CONNECTIONS keep-alive connections,
 * default 10), so a load that changes during the run weighs on all alike; the figure is the
 * median round. Compare the ratios of one run; absolute numbers on a shared machine are noise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CONTENDERS = ['participant', 'reference', 'reference-gateway', 'hono'] as const;
const BASELINE = 'hono';
const PATH = '/users/42';

interface Contender {
  impl: string;
  child: ChildProcess;
  port: number;
  rps: number[];
  cpu: number[];
  bad: number;
}

function start(impl: string): Promise<Contender | string> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'serve.ts'), '--impl', impl],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      resolve('did not start within 20 s');
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ impl, child, port: Number(m[1]), rps: [], cpu: [], bad: 0 });
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(
        /NotImplementedError: [^\n]*|Error: [^\n]*/.exec(err)?.[0] ??
          `exited: ${err.slice(0, 200)}`,
      );
    });
  });
}

function cpuOf(c: Contender): Promise<number> {
  return new Promise((resolve) => {
    const onData = (d: Buffer): void => {
      const m = /cpu (\d+)/.exec(d.toString());
      if (m) {
        c.child.stdout?.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    c.child.stdout?.on('data', onData);
    c.child.stdin?.write('cpu\n');
  });
}

console.log(
  `framework bench: GET ${PATH} → JSON, ${rounds} interleaved rounds of ${seconds}s, ${connections} connections`,
);
const running: Contender[] = [];
const skipped = new Map<string, string>();
try {
  for (const impl of CONTENDERS) {
    const started = await start(impl);
    if (typeof started === 'string') skipped.set(impl, started);
    else running.push(started);
  }
  for (const c of running)
    await autocannon({ url: `http://127.0.0.1:${c.port}${PATH}`, connections, duration: 1 });
  for (let round = 0; round < rounds; round++) {
    for (const c of running) {
      const before = await cpuOf(c);
      const result = await autocannon({
        url: `http://127.0.0.1:${c.port}${PATH}`,
        connections,
        duration: seconds,
      });
      const after = await cpuOf(c);
      c.rps.push(result.requests.average);
      if (result.requests.total > 0) c.cpu.push((after - before) / result.requests.total);
      c.bad += result.errors + result.timeouts + result.non2xx;
    }
  }
} finally {
  for (const c of running) c.child.kill();
}

const median = (xs: number[]): number | undefined =>
  xs.length === 0 ? undefined : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = running.find((c) => c.impl === BASELINE);
const baseRps = base === undefined ? undefined : median(base.rps);
const baseCpu = base === undefined ? undefined : median(base.cpu);
console.log(
  `\n  ${'contender'.padEnd(18)} ${'req/s'.padStart(8)}  ratio   ${'CPU µs/req'.padStart(10)}  ratio`,
);
for (const impl of CONTENDERS) {
  const c = running.find((r) => r.impl === impl);
  if (c === undefined) {
    console.log(`  ${impl.padEnd(18)} ${'—'.padStart(8)}  skipped (${skipped.get(impl)})`);
    continue;
  }
  const rps = median(c.rps);
  const cpu = median(c.cpu);
  const r = rps !== undefined && baseRps ? `${(rps / baseRps).toFixed(2)}×` : '—';
  const cr = cpu !== undefined && baseCpu ? `${(baseCpu / cpu).toFixed(2)}×` : '—';
  console.log(
    `  ${impl.padEnd(18)} ${String(Math.round(rps ?? 0)).padStart(8)}  ${r.padEnd(6)}  ${(cpu ?? 0).toFixed(1).padStart(10)}  ${cr.padEnd(6)} ${c.bad > 0 ? `${c.bad} errors/non-2xx` : ''}`,
  );
}
console.log(`  ratios against ${BASELINE}: req/s ÷ its req/s, and its CPU µs per request ÷ ours.`);
