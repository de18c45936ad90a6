/**
 * `npm run bench` (or `npm run load`): the four serving models under the same two loads, on
 * loopback, side by side in one run, as one table of throughput and latency.
 *
 * - io: SLEEP 10 requests from CLIENTS concurrent clients (each sends its next request when the
 *   previous one is answered): waiting, no CPU.
 * - cpu: HASH 2000 requests the same way: CPU, no waiting.
 *
 * Every cell is bounded: REQUESTS requests or CELL_SECONDS seconds, whichever comes first (a cell
 * cut short says so). The whole run stays under a minute on a 2-core machine. Your implementation
 * runs by default; `npm run bench -- --reference` runs the reference instead, when this tree has
 * one. Absolute numbers on a shared machine are noise; compare rows of one run.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Serve = (options: { root: string; poolSize?: number; queueLimit?: number }) => Promise<{
  port: number;
  close(): Promise<void>;
}>;

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const CELL_SECONDS = Number(process.env.BENCH_CELL_SECONDS ?? 3);
const POOL = Number(process.env.BENCH_POOL ?? 2);
const ROOT = join(import.meta.dirname, '..', 'test', 'fixtures', 'files');

const useReference = process.argv.includes('--reference');
const refIndex = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'reference',
  'concurrency',
  'src',
  'index.ts',
);
if (useReference && !existsSync(refIndex)) {
  console.error('This tree has no reference/ (the participant template): run without --reference.');
  process.exit(2);
}
const impl = (await import(
  useReference ? pathToFileURL(refIndex).href : '../src/index.ts'
)) as Record<string, Serve>;

const MODELS = ['blocking', 'async', 'threads', 'processes'] as const;
const WORKLOADS = { io: 'SLEEP 10', cpu: 'HASH 2000 bench' } as const;

interface Cell {
  done: number;
  errors: number;
  seconds: number;
  latencies: number[];
  cut: boolean;
}

/** One client: a connection that sends `line`, waits for the reply, and again, while `more()`. */
function client(port: number, line: string, more: () => boolean, cell: Cell): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    let sent = 0;
    const next = (): void => {
      if (!more()) {
        socket.end();
        return;
      }
      sent = performance.now();
      socket.write(`${line}\n`);
    };
    socket.on('connect', next);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let lf = buffer.indexOf('\n'); lf >= 0; lf = buffer.indexOf('\n')) {
        const reply = buffer.slice(0, lf);
        buffer = buffer.slice(lf + 1);
        cell.latencies.push(performance.now() - sent);
        if (reply.startsWith('OK ')) cell.done++;
        else cell.errors++;
        next();
      }
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

async function measure(serve: Serve, line: string): Promise<Cell> {
  const service = await serve({ root: ROOT, poolSize: POOL, queueLimit: 1024 });
  // Warm-up, not timed: every worker started and answering (threads and processes boot slowly).
  const warm: Cell = { done: 0, errors: 0, seconds: 0, latencies: [], cut: false };
  let warmLeft = 4 * POOL;
  await Promise.all(
    Array.from({ length: 2 * POOL }, () =>
      client(service.port, 'HASH 1 warm', () => warmLeft-- > 0, warm),
    ),
  );
  const cell: Cell = { done: 0, errors: 0, seconds: 0, latencies: [], cut: false };
  let issued = 0;
  const started = performance.now();
  const deadline = started + CELL_SECONDS * 1000;
  const more = (): boolean => {
    if (issued >= REQUESTS) return false;
    if (performance.now() > deadline) {
      cell.cut = true;
      return false;
    }
    issued++;
    return true;
  };
  // The blocking server takes one client at a time: the rest wait their turn, as they would.
  await Promise.race([
    Promise.all(Array.from({ length: CLIENTS }, () => client(service.port, line, more, cell))),
    new Promise((r) => setTimeout(r, CELL_SECONDS * 1000 + 2000)),
  ]);
  cell.seconds = (performance.now() - started) / 1000;
  await service.close();
  return cell;
}

const pct = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

console.log(
  `\nconcurrency — ${useReference ? 'the reference' : 'your implementation'}: ${REQUESTS} requests per cell from ${CLIENTS} clients, pool ${POOL}, at most ${CELL_SECONDS} s per cell\n`,
);
const rows: string[][] = [['workload', 'model', 'req/s', 'p50 ms', 'p99 ms', 'done', 'note']];
for (const [workload, line] of Object.entries(WORKLOADS)) {
  for (const model of MODELS) {
    const serve = impl[`serve${model[0]?.toUpperCase()}${model.slice(1)}`] as Serve;
    try {
      const cell = await measure(serve, line);
      const sorted = [...cell.latencies].sort((a, b) => a - b);
      rows.push([
        workload,
        model,
        (cell.done / cell.seconds).toFixed(0),
        pct(sorted, 0.5).toFixed(1),
        pct(sorted, 0.99).toFixed(1),
        `${cell.done}/${REQUESTS}`,
        [cell.cut ? 'cut at the time limit' : '', cell.errors ? `${cell.errors} errors` : '']
          .filter(Boolean)
          .join(', '),
      ]);
    } catch (error) {
      rows.push([
        workload,
        model,
        '-',
        '-',
        '-',
        '-',
        (error as Error).message.split('\n')[0] ?? '',
      ]);
    }
  }
}
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
console.log('\nRatios within one run are what to read (README, "What the table shows").');
