/**
 * The worker thread of `deadline.ts`: imports the kata's module (bundled to JavaScript by the
 * spec's side), says `ready`, runs the call once and says how it ended. The spec's side starts
 * the clock at `ready` and terminates this thread when the deadline passes. Plain JavaScript, so
 * Node starts it without a TypeScript loader.
 *
 * Nothing here is trusted: the spec's side only learns whether the call ended in time; the
 * values its assertions look at come from running the same call again in the spec's own realm.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ code: string, call: string, args: unknown[] }} */
const { code, call, args } = workerData;

/** @param {unknown} error */
const describe = (error) =>
  error instanceof Error
    ? `${error.name}: ${error.message}`
    : `a non-Error value: ${String(error)}`;

let kata;
try {
  kata = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
} catch (error) {
  parentPort?.postMessage({ t: 'load-failed', error: describe(error) });
  process.exit(0);
}
// The call's source text, as the spec wrote it: it may use only its parameters.
// biome-ignore lint/security/noGlobalEval: the spec's own callback, sent as text to this thread.
const fn = (0, eval)(`(${call})`);
parentPort?.postMessage({ t: 'ready' });
const started = performance.now();
try {
  await fn(kata, ...args);
  parentPort?.postMessage({ t: 'done', ms: performance.now() - started });
} catch (error) {
  parentPort?.postMessage({ t: 'threw', ms: performance.now() - started, error: describe(error) });
}
