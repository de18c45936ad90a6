/**
 * Hard deadlines for adversarial calls (ReDoS, catastrophic backtracking), so that the same code
 * always gets the same score.
 *
 * A synchronous call that backtracks exponentially blocks the thread it runs on: no per-test
 * timeout can interrupt it, and only the grader's wall-clock budget ends it, at a different
 * point on every run (issue #11, attack 12). `withinDeadline` runs the call first in a
 * `worker_threads` worker, against the same module the spec imports, and terminates the worker
 * when the deadline passes: the test fails with a message and a hint, the same way every time.
 * Only when the worker finished in time does the call run again in the spec's own realm, and the
 * spec's assertions look at that second result (the realm the grader guards: forbidden modules
 * and globals, canaries, pinned fast-check settings). The worker decides one thing, "in time or
 * not", and nothing it returns is scored.
 *
 * The margins are the spec author's job and must be wide: an input a linear implementation
 * handles in a few milliseconds and an exponential (or high-degree polynomial) one would not
 * finish in minutes, against a deadline of a few seconds. Then a loaded machine (20× slower) can
 * neither fail the linear code nor save the exponential one.
 *
 * Which module: `moduleUrl` is the spec's own import (`new URL('../src/index.ts',
 * import.meta.url)`). With KATA_IMPL=reference (kata-kit's implResolver; the grader sets it for
 * `--impl reference`) the worker loads the same file under `reference/`, as the resolver does.
 * The module is bundled to one JavaScript module by esbuild (TypeScript, relative and
 * cross-kata imports, workspace packages; Node built-ins stay imports) and imported in the
 * worker from memory: nothing is written to the tree (read-only in the grader's sandbox). A
 * package the sandbox leaves out cannot be bundled either: the call fails, as its import would.
 *
 * The call is sent to the worker as source text (`fn.toString()`): it may use its parameters
 * (the module's exports, then `args`, which must be structured-cloneable) and globals, nothing
 * else from the spec's scope.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build, stop } from 'esbuild';
import { expect } from 'vitest';
import { toReferencePath } from './impl-resolver.ts';
import { implFromEnv } from './repo-paths.ts';

export interface DeadlineOptions {
  /** The deadline of the call itself, from the moment the worker has loaded the module. */
  ms?: number;
  /** `hint(N, '…')`: where a failure sends the participant. */
  hint?: string;
  /** What the call does, for the failure message (default: the call's source, shortened). */
  what?: string;
}

/** A few seconds: linear code needs milliseconds, catastrophic code would need minutes. */
export const DEFAULT_DEADLINE_MS = 5_000;
/** Starting a worker and loading the module, on a loaded machine. */
const LOAD_TIMEOUT_MS = 60_000;
/** The worker's heap: a call that allocates without bound fails instead of swapping. */
const WORKER_HEAP_MB = 256;
/**
 * A per-test timeout for specs that call `withinDeadline`: the worker's start, the deadline and
 * the second run in the spec's realm, with room for a loaded machine.
 */
export const DEADLINE_TEST_TIMEOUT_MS = 60_000;

/** The file the worker loads for the spec's `moduleUrl`: the reference's under KATA_IMPL=reference. */
export function deadlineModuleFile(moduleUrl: URL | string): string {
  const file =
    moduleUrl instanceof URL || moduleUrl.startsWith('file:')
      ? fileURLToPath(moduleUrl)
      : moduleUrl;
  if (implFromEnv() !== 'reference') return file;
  return toReferencePath(file) ?? file;
}

const bundles = new Map<string, Promise<string>>();
let liveWorkers = 0;

/** Deadline workers alive right now: 0 after every call (a spec's afterAll can check it). */
export function deadlineWorkersAlive(): number {
  return liveWorkers;
}
let building = 0;

/** The module as one JavaScript bundle (cached per file for the life of the spec file). */
function bundle(file: string): Promise<string> {
  let code = bundles.get(file);
  if (code === undefined) {
    building++;
    code = build({
      entryPoints: [file],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      // CommonJS packages bundled into an ES module still call require() for built-ins.
      banner: {
        js: `import { createRequire as __hbuRequire } from 'node:module'; const require = __hbuRequire(${JSON.stringify(file)});`,
      },
    })
      .then((result) => result.outputFiles[0]?.text ?? '')
      .finally(() => {
        // esbuild's service process must not outlive the build (no child process outlives a test).
        if (--building === 0) void stop();
      });
    bundles.set(file, code);
  }
  return code;
}

type Outcome =
  | { t: 'ready' }
  | { t: 'done'; ms: number }
  | { t: 'threw'; ms: number; error: string }
  | { t: 'load-failed'; error: string }
  | { t: 'deadline' }
  | { t: 'load-timeout' }
  | { t: 'died'; error: string };

/** Runs `call` in a fresh worker; resolves how it ended. The worker is always gone after. */
async function runInWorker(
  code: string,
  call: string,
  args: unknown[],
  ms: number,
): Promise<Outcome> {
  const worker = new Worker(new URL('./deadline-worker.mjs', import.meta.url), {
    workerData: { code, call, args },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: true,
    stderr: true,
  });
  liveWorkers++;
  // The call's console output is not the spec's business (and could flood the reporter).
  worker.stdout.resume();
  worker.stderr.resume();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ t: 'load-timeout' }), LOAD_TIMEOUT_MS);
      worker.on('message', (message: Outcome) => {
        if (message.t !== 'ready') return resolve(message);
        clearTimeout(timer);
        timer = setTimeout(() => resolve({ t: 'deadline' }), ms);
      });
      worker.on('error', (error) =>
        resolve({ t: 'died', error: `${error.name}: ${error.message}` }),
      );
      worker.on('exit', (exitCode) =>
        resolve({ t: 'died', error: `the worker exited (${exitCode})` }),
      );
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
    liveWorkers--;
  }
}

function shorten(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

/**
 * Runs `fn(kata, ...args)` under a hard deadline in a worker, then, when it ended in time, in the
 * spec's realm with the spec's own module, and returns that result. A call that misses the
 * deadline fails the test (always, whatever the machine's load: see the margins above).
 *
 * ```ts
 * import * as kata from '../src/index.ts';
 * const inTime = withinDeadline(kata, new URL('../src/index.ts', import.meta.url), { hint: STAGE_HINT });
 * const result = await inTime((k, path) => new k.Router().add('GET', '/:a-:b', 'x').match('GET', path), attack);
 * ```
 */
export function withinDeadline<M>(
  kata: M,
  moduleUrl: URL | string,
  defaults: DeadlineOptions = {},
): <A extends unknown[], R>(fn: (kata: M, ...args: A) => R, ...args: A) => Promise<Awaited<R>> {
  const file = deadlineModuleFile(moduleUrl);
  const run = async <A extends unknown[], R>(
    options: DeadlineOptions,
    fn: (kata: M, ...args: A) => R,
    args: A,
  ): Promise<Awaited<R>> => {
    const ms = options.ms ?? DEFAULT_DEADLINE_MS;
    const source = fn.toString();
    const what = options.what ?? shorten(source);
    const tail = options.hint === undefined ? '' : `; ${options.hint}`;
    let code: string;
    try {
      code = await bundle(file);
    } catch (error) {
      const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return expect.fail(`could not load ${file} for the deadline check: ${text}${tail}`);
    }
    const outcome = await runInWorker(code, source, args, ms);
    switch (outcome.t) {
      case 'deadline':
        return expect.fail(
          `did not finish within ${ms / 1000} s (linear code needs milliseconds here): ${what}. ` +
            `Catastrophic backtracking? A regular expression with nested or adjacent quantifiers, ` +
            `or a retry of every split, grows exponentially with the input${tail}`,
        );
      case 'load-failed':
        return expect.fail(`the module could not be loaded in a worker: ${outcome.error}${tail}`);
      case 'load-timeout':
        return expect.fail(
          `the module did not load in a worker within ${LOAD_TIMEOUT_MS / 1000} s${tail}`,
        );
      case 'died':
        if (/out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(outcome.error)) {
          return expect.fail(`ran out of memory (${WORKER_HEAP_MB} MB): ${what}${tail}`);
        }
        break;
      default:
        // done, or threw: the spec's realm runs it again and its own assertions judge the result
        // (a stub's NotImplementedError reads as usual there).
        break;
    }
    return await fn(kata, ...args);
  };
  return (fn, ...args) => run(defaults, fn, args);
}
