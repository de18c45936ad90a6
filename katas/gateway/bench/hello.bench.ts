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
        stdio: ['ignore', 'pipe', 'pipe'],
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

const rows: Array<{ contender: string; rps: number | undefined; note: string }> = [];
console.log(
  `gateway bench: hello world, ${rounds} interleaved rounds of ${seconds}s, ${connections} keep-alive connections, loopback`,
);
const running: Array<{
  impl: string;
  port: number;
  child: ChildProcess;
  samples: number[];
  bad: number;
}> = [];
try {
  for (const impl of contenders) {
    const started = await startServer(impl);
    if ('error' in started)
      rows.push({ contender: impl, rps: undefined, note: `skipped (${started.error})` });
    else running.push({ impl, port: started.port, child: started.child, samples: [], bad: 0 });
  }
  for (const r of running)
    await autocannon({ url: `http://127.0.0.1:${r.port}/`, connections, duration: 1 });
  for (let round = 0; round < rounds; round++) {
    for (const r of running) {
      const result = await autocannon({
        url: `http://127.0.0.1:${r.port}/`,
        connections,
        duration: seconds,
      });
      r.samples.push(result.requests.average);
      r.bad += result.errors + result.timeouts + result.non2xx;
    }
  }
} finally {
  for (const r of running) r.child.kill();
}
for (const r of running) {
  const sorted = [...r.samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const spread = `rounds ${sorted.map((s) => Math.round(s)).join('/')}`;
  rows.push({
    contender: r.impl,
    rps: median,
    note: r.bad > 0 ? `${r.bad} errors/non-2xx; ${spread}` : spread,
  });
}
rows.sort(
  (a, b) => contenders.indexOf(a.contender as never) - contenders.indexOf(b.contender as never),
);

const base = rows.find((r) => r.contender === BASELINE)?.rps;
console.log(`\n  ${'contender'.padEnd(17)}  ${'req/s'.padStart(9)}  ratio`);
for (const row of rows) {
  const rps = row.rps === undefined ? '—' : Math.round(row.rps).toLocaleString('en-US');
  const ratio = row.rps !== undefined && base ? `${(row.rps / base).toFixed(2)}×` : '—';
  console.log(`  ${row.contender.padEnd(17)}  ${rps.padStart(9)}  ${ratio.padEnd(6)} ${row.note}`);
}
console.log(`  ratio = req/s ÷ req/s of ${BASELINE} (a fetch handler returning the same Response)`);
