/**
 * The child process of one kata run (or of the collection of expected tests), started by the
 * grader (spawn.ts) in its own process group with a reduced environment. Plain JavaScript, so
 * Node starts it without a TypeScript loader; vitest loads trusted.config.ts itself.
 *
 * The channel key and the run's secret (canaries) arrive on stdin and stdin is drained before any worker exists. Each message
 * goes to fd 3 as `<seq> <hmac> <json>`: test code that opens the pipe through /proc can read
 * lines but cannot forge, alter or replay one.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createVitest } from 'vitest/node';

const [key = '', secret = ''] = readFileSync(0, 'utf8').split('\n');
const args = JSON.parse(process.argv[2] ?? '{}');
const CHANNEL_FD = 3;
let seq = 0;

/** @param {unknown} message */
function send(message) {
  const payload = JSON.stringify(message);
  seq++;
  const mac = createHmac('sha256', key).update(`${seq} ${payload}`).digest('base64url');
  try {
    writeSync(CHANNEL_FD, `${seq} ${mac} ${payload}\n`);
  } catch {
    // The grader went away: nothing left to tell.
  }
}

// vitest (4.1) can write to a worker process that has just ended (a spec file's worker torn down
// late on a loaded machine, or killed by process.abort()): the EPIPE arrives as an unhandled
// 'error' event and would end this process, and with it the kata's run ("the test process ended
// early", every unreported test crashed). A pipe to a dead worker is that worker's loss only.
process.on('uncaughtException', (error) => {
  if (/** @type {{ code?: unknown }} */ (error)?.code === 'EPIPE') return;
  throw error;
});

// Read by trusted.config.ts, which vitest evaluates in this process (never in a worker).
const bridge = { args, send, secret, reportCollection: undefined };
globalThis[Symbol.for('hbu.grader.bridge')] = bridge;

/** @param {unknown} error */
const describe = (error) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

try {
  send({ t: 'hello', pid: process.pid });
  const vitest = await createVitest('test', {
    config: join(import.meta.dirname, 'trusted.config.ts'),
    // Loaded through vite's module runner: no bundled temp file beside it (the tree is read-only
    // in the sandbox).
    configLoader: 'runner',
    watch: false,
  });
  if (args.mode === 'collect') {
    const result = await vitest.collect();
    bridge.reportCollection?.(result.testModules);
    send({
      t: 'run-end',
      errors: result.unhandledErrors.map((e) => ({ message: describe(e).slice(0, 2000) })),
    });
  } else {
    await vitest.start();
  }
  await vitest.close();
  process.exit(0);
} catch (error) {
  send({ t: 'fatal', message: describe(error).slice(0, 4000) });
  process.exit(1);
}
