/**
 * `npm run bench`: requests per second with keep-alive, for a 1 KiB and a 1 MiB file, against
 * your server, the reference and node:http + send, in one run, with autocannon on loopback.
 *
 * Each server runs in its own process (bench/serve.ts); autocannon runs here. Bounded: a few
 * seconds per measurement (BENCH_SECONDS, default 3), 10 connections (BENCH_CONNECTIONS).
 * Ratios between contenders of one run on one machine are the figures to compare; absolute
 * numbers on a shared machine are noise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
// The reference runs only in the instructor's source (the workshop repository has none).
const withReference = existsSync(new URL('../../../reference/static-server/src', import.meta.url));
const contenders = withReference
  ? (['participant', 'reference', 'node-send'] as const)
  : (['participant', 'node-send'] as const);
const files = [
  { name: '1 KiB', path: '/1kib.bin', size: 1024 },
  { name: '1 MiB', path: '/1mib.bin', size: 1024 * 1024 },
];

const root = mkdtempSync(join(tmpdir(), 'hbu-static-bench-'));
for (const f of files) writeFileSync(join(root, f.path), Buffer.alloc(f.size, 0x61));

/** Starts a contender; resolves its port, or the reason it could not start. */
function startServer(
  impl: string,
): Promise<{ child: ChildProcess; port: number } | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'serve.ts'),
        '--impl',
        impl,
        '--root',
        root,
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
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
      const reason =
        /NotImplementedError: [^\n]*|Error: [^\n]*/.exec(err)?.[0] ??
        `exited: ${err.slice(0, 200)}`;
      resolve({ error: reason });
    });
  });
}

interface Row {
  file: string;
  contender: string;
  rps: number | undefined;
  mbps: number | undefined;
  errors: number;
  note: string;
}

const rows: Row[] = [];
console.log(
  `static-server bench: ${seconds}s per run, ${connections} keep-alive connections, loopback`,
);
for (const impl of contenders) {
  const started = await startServer(impl);
  if ('error' in started) {
    for (const f of files) {
      rows.push({
        file: f.name,
        contender: impl,
        rps: undefined,
        mbps: undefined,
        errors: 0,
        note: `skipped (${started.error})`,
      });
    }
    continue;
  }
  try {
    for (const f of files) {
      // A short warm-up, so the JIT has seen the path before the measured run.
      await autocannon({
        url: `http://127.0.0.1:${started.port}${f.path}`,
        connections,
        duration: 1,
      });
      const r = await autocannon({
        url: `http://127.0.0.1:${started.port}${f.path}`,
        connections,
        duration: seconds,
      });
      const bad = r.errors + r.timeouts + r.non2xx;
      rows.push({
        file: f.name,
        contender: impl,
        rps: r.requests.average,
        mbps: r.throughput.average / 1024 / 1024,
        errors: bad,
        note: bad > 0 ? `${bad} errors/non-2xx` : '',
      });
    }
  } finally {
    started.child.kill();
  }
}
rmSync(root, { recursive: true, force: true });

console.log(
  `\n  ${'file'.padEnd(6)}  ${'contender'.padEnd(12)}  ${'req/s'.padStart(9)}  ${'MiB/s'.padStart(8)}  ratio`,
);
for (const row of rows) {
  const base = rows.find((r) => r.file === row.file && r.contender === 'node-send')?.rps;
  const ratio = row.rps !== undefined && base ? `${(row.rps / base).toFixed(2)}×` : '—';
  const rps = row.rps === undefined ? '—' : Math.round(row.rps).toLocaleString('en-US');
  const mbps = row.mbps === undefined ? '—' : row.mbps.toFixed(1);
  console.log(
    `  ${row.file.padEnd(6)}  ${row.contender.padEnd(12)}  ${rps.padStart(9)}  ${mbps.padStart(8)}  ${ratio.padEnd(6)} ${row.note}`,
  );
}
console.log('  ratio = req/s ÷ req/s of node-send (node:http + send) for the same file');
