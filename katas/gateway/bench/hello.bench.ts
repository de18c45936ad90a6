/**
 * `npm run bench`: hello-world requests per second with keep-alive through your gateway, the
 * reference gateway (when this tree has one), node:http and @hono/node-server, in one run, with
 * autocannon on loopback. The servers run side by side, each in its own process, and are measured
 * in interleaved rounds (BENCH_ROUNDS, default 5, of BENCH_SECONDS each, default 1, after a 1 s
 * warm-up; BENCH_CONNECTIONS keep-alive connections, default 10): a load that changes during the
 * run then weighs on every contender alike. The figure per contender is its median round. Ratios
 * between contenders of one run are what to compare; absolute numbers on a shared machine are noise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const contenders = ['participant', 'reference', 'node-http', 'hono-node-server'] as const;
const BASELINE = 'hono-node-server';

function startServer(
  impl: string,
): Promise<{ child: ChildProcess; port: number } | { error: string }> {
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
      resolve({ error: 'did not start within 20 s' });
    }, 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({
        error:
          /NotImplementedError: [^\n]*|Error: [^\n]*/.exec(err)?.[0] ??
          `exited: ${err.slice(0, 200)}`,
      });
    });
  });
}

const rows: Array<{
  contender: string;
  rps: number | undefined;
  cpu?: number | undefined;
  note: string;
}> = [];
console.log(
  `gateway bench: hello world, ${rounds} interleaved rounds of ${seconds}s, ${connections} keep-alive connections, loopback`,
);
interface Running {
  impl: string;
  port: number;
  child: ChildProcess;
  samples: number[];
  cpuPerRequest: number[];
  bad: number;
}
const running: Running[] = [];

/** The CPU time (µs) the contender's process has used so far (bench/serve.ts answers `cpu`). */
function cpuOf(r: Running): Promise<number> {
  return new Promise((resolve) => {
    const onData = (d: Buffer): void => {
      const m = /cpu (\d+)/.exec(d.toString());
      if (m) {
        r.child.stdout?.off('data', onData);
        resolve(Number(m[1]));
      }
    };
    r.child.stdout?.on('data', onData);
    r.child.stdin?.write('cpu\n');
  });
}

try {
  for (const impl of contenders) {
    const started = await startServer(impl);
    if ('error' in started) {
      rows.push({ contender: impl, rps: undefined, note: `skipped (${started.error})` });
    } else {
      running.push({ impl, ...started, samples: [], cpuPerRequest: [], bad: 0 });
    }
  }
  for (const r of running) {
    await autocannon({ url: `http://127.0.0.1:${r.port}/`, connections, duration: 1 });
  }
  for (let round = 0; round < rounds; round++) {
    for (const r of running) {
      const cpuBefore = await cpuOf(r);
      const result = await autocannon({
        url: `http://127.0.0.1:${r.port}/`,
        connections,
        duration: seconds,
      });
      const cpuAfter = await cpuOf(r);
      r.samples.push(result.requests.average);
      if (result.requests.total > 0) {
        r.cpuPerRequest.push((cpuAfter - cpuBefore) / result.requests.total);
      }
      r.bad += result.errors + result.timeouts + result.non2xx;
    }
  }
} finally {
  for (const r of running) r.child.kill();
}

const median = (xs: number[]): number | undefined =>
  xs.length === 0 ? undefined : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const r of running) {
  const spread = `rounds ${r.samples.map((s) => Math.round(s)).join('/')}`;
  rows.push({
    contender: r.impl,
    rps: median(r.samples),
    cpu: median(r.cpuPerRequest),
    note: r.bad > 0 ? `${r.bad} errors/non-2xx; ${spread}` : spread,
  });
}
rows.sort(
  (a, b) => contenders.indexOf(a.contender as never) - contenders.indexOf(b.contender as never),
);

const base = rows.find((r) => r.contender === BASELINE);
console.log(
  `\n  ${'contender'.padEnd(17)}  ${'req/s'.padStart(9)}  ratio   ${'CPU µs/req'.padStart(10)}  ratio`,
);
for (const row of rows) {
  const rps = row.rps === undefined ? '—' : Math.round(row.rps).toLocaleString('en-US');
  const ratio = row.rps !== undefined && base?.rps ? `${(row.rps / base.rps).toFixed(2)}×` : '—';
  const cpu = row.cpu === undefined ? '—' : row.cpu.toFixed(1);
  // Requests per CPU second, relative: base CPU per request ÷ this one's.
  const cpuRatio = row.cpu !== undefined && base?.cpu ? `${(base.cpu / row.cpu).toFixed(2)}×` : '—';
  console.log(
    `  ${row.contender.padEnd(17)}  ${rps.padStart(9)}  ${ratio.padEnd(6)}  ${cpu.padStart(10)}  ${cpuRatio.padEnd(6)} ${row.note}`,
  );
}
console.log(`  ratios against ${BASELINE} (a fetch handler returning the same Response):`);
console.log('  req/s ÷ its req/s, and its CPU µs per request ÷ ours (requests per CPU second).');
