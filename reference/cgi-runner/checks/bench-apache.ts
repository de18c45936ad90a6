/**
 * Requests/s of a trivial /bin/sh script (hello.sh) through the reference cgi-runner and through
 * Apache httpd 2.4 mod_cgi (prefork, as uid 65534), beside a bare child_process.spawn loop, with
 * the same concurrency, in interleaved rounds. Not a spec (no timing assertions in tests):
 *
 *   npx tsx reference/cgi-runner/checks/bench-apache.ts        # BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_ROUNDS
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadTest } from '../../../packages/kata-kit/src/socket-harness.ts';
import { type Host, makeSandbox, SCRIPT_PATH, startApache, startReference } from './cgi-hosts.ts';

const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const sandbox = makeSandbox();
const script = join(sandbox.cgiBin, 'hello.sh');

async function spawnLoop(): Promise<number> {
  let issued = 0;
  const once = (): Promise<void> =>
    new Promise((done, fail) => {
      const child = spawn(script, [], {
        env: { PATH: SCRIPT_PATH },
        cwd: sandbox.cgiBin,
        detached: true,
      });
      child.stdout.resume();
      child.stdin.end();
      child.on('error', fail);
      child.on('close', () => done());
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < requests) {
        issued++;
        await once();
      }
    }),
  );
  return requests / ((performance.now() - t0) / 1000);
}

async function through(host: Host): Promise<number> {
  const t0 = performance.now();
  const result = await loadTest(host.port, {
    requests,
    connections: concurrency,
    request: { target: '/cgi-bin/hello.sh', headers: { Host: 'bench' } },
    check: (res) => res.status === 200 && res.body.toString() === 'hello\n',
    timeoutMs: 20_000,
  });
  if (result.errors > 0) throw new Error(`${result.errors} errors: ${result.firstError}`);
  return result.requests / ((performance.now() - t0) / 1000);
}

const ours = await startReference(sandbox);
const apache = await startApache(sandbox);
const rows: Record<string, number[]> = { spawn: [], reference: [], apache: [] };
try {
  for (let round = 0; round < rounds; round++) {
    rows.spawn!.push(await spawnLoop());
    rows.reference!.push(await through(ours));
    rows.apache!.push(await through(apache));
  }
} finally {
  await ours.stop();
  await apache.stop();
  sandbox.remove();
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = (a: string, b: string): string =>
  median(rows[a]!.map((x, i) => x / rows[b]![i]!)).toFixed(2);
console.log(
  `hello.sh, ${requests} requests × ${rounds} interleaved rounds, concurrency ${concurrency}`,
);
for (const [name, xs] of Object.entries(rows))
  console.log(
    `  ${name.padEnd(10)} median ${median(xs).toFixed(0)} req/s (${xs.map((x) => x.toFixed(0)).join(', ')})`,
  );
console.log(
  `  spawn loop / reference: ${ratio('spawn', 'reference')}× (overhead of the reference)`,
);
console.log(`  apache / reference:     ${ratio('apache', 'reference')}× (>1: Apache faster)`);
