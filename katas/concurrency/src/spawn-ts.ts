/**
 * Starting TypeScript in a worker thread or a child process, given complete (the same in the stub
 * and in the reference).
 *
 * Node 20 runs no `.ts` file by itself, and a worker thread does not inherit the loader that lets
 * vitest or tsx run your code. So the entry file (your `worker.ts`, your `cluster-worker.ts`) is
 * bundled with esbuild (the compiler tsx and vite use) into one JavaScript module holding it and
 * everything it imports (your handler), and that module is what the thread or process runs.
 * A bundle is kept while none of its input files changed.
 */

import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { buildSync } from 'esbuild';

interface Bundle {
  code: string;
  inputs: Array<[string, number]>;
  file?: string;
}

const bundles = new Map<string, Bundle>();

function fresh(bundle: Bundle): boolean {
  return bundle.inputs.every(([file, mtime]) => {
    try {
      return statSync(file).mtimeMs === mtime;
    } catch {
      return false;
    }
  });
}

/** The entry file and everything it imports, as one ES module of JavaScript. */
export function bundle(entry: URL): string {
  return load(entry).code;
}

function load(entry: URL): Bundle {
  const path = fileURLToPath(entry);
  const cached = bundles.get(path);
  if (cached !== undefined && fresh(cached)) return cached;
  const result = buildSync({
    entryPoints: [path],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile?.inputs ?? {}).map((file): [string, number] => {
    const abs = join(process.cwd(), file);
    try {
      return [abs, statSync(abs).mtimeMs];
    } catch {
      return [abs, -1];
    }
  });
  const made: Bundle = { code: result.outputFiles[0]?.text ?? '', inputs };
  bundles.set(path, made);
  return made;
}

/** `new Worker(entry)` for a TypeScript entry: the bundle runs as the thread's main module. */
export function tsWorker(entry: URL, options: WorkerOptions = {}): Worker {
  const code = bundle(entry);
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}

/**
 * A JavaScript file to run the TypeScript entry as a process: for `cluster.setupPrimary({ exec })`
 * or `child_process.fork(file)`. Written once per bundle into the system's temporary directory,
 * named by its content.
 */
export function tsExecPath(entry: URL): string {
  const made = load(entry);
  if (made.file === undefined) {
    const name = createHash('sha256').update(made.code).digest('hex').slice(0, 16);
    made.file = join(tmpdir(), `hbu-concurrency-${name}.mjs`);
    writeFileSync(made.file, made.code);
  }
  return made.file;
}
