/**
 * What travels from a kata's child process to the grader. The child writes one line per message
 * on file descriptor 3, a pipe the grader reads: `<seq> <hmac> <json>`. The HMAC key is handed to
 * the child on stdin (drained before any test code runs), so test code that reaches the pipe (for
 * example through /proc/<ppid>/fd/3) cannot forge, alter or replay a line the grader accepts.
 */

/** Arguments of a child run, passed as JSON in argv (nothing secret). */
export interface ChildArgs {
  mode: 'run' | 'collect';
  /** Absolute kata directories, one for `run`, any number for `collect`. */
  katas: Array<{
    slug: string;
    dir: string;
    forbiddenModules: string[];
    /** Globals participant modules may not use (kata.json forbiddenGlobals). */
    forbiddenGlobals?: string[];
  }>;
  /** `reference` swaps katas/<slug>/src for reference/<slug>/src (kata-kit's implResolver). */
  impl: 'participant' | 'reference';
  testTimeoutMs: number;
  /** Heap cap of each test worker, in MiB. */
  memoryMb: number;
  /** Inject the grader's canary tests into every spec file (run mode). */
  canaries: boolean;
  /** Test files run in parallel inside the kata (vitest maxWorkers). */
  maxWorkers: number;
}

export interface ReportedError {
  message: string;
  expected?: string | undefined;
  actual?: string | undefined;
}

export type ChildMessage =
  | { t: 'hello'; pid: number }
  | { t: 'queued'; file: string }
  | { t: 'collected'; slug: string; file: string; tests: string[][]; errors: ReportedError[] }
  | {
      t: 'test';
      file: string;
      titles: string[];
      state: 'passed' | 'failed' | 'skipped' | 'pending';
      durationMs: number;
      errors: ReportedError[];
      /** Console output of the test (participant code included), at most ~500 characters. */
      output?: string | undefined;
    }
  | { t: 'module-end'; file: string; errors: ReportedError[] }
  | { t: 'forbidden'; specifier: string; importer: string }
  | { t: 'run-end'; errors: ReportedError[] }
  | { t: 'fatal'; message: string };

/** Marks a failure raised by the canaries' integrity check; the grader looks for it in messages. */
export const TAMPER_MARK = 'HBU_GRADER_TAMPERING_DETECTED';

/** Marks a refusal by the worker guard (a forbidden module or global); the grader looks for it. */
export const FORBIDDEN_MARK = 'HBU_GRADER_FORBIDDEN';

/** What the worker guard (worker-guard.ts) enforces, provided to every worker. */
export interface GuardConfig {
  /** Absolute `katas/` folder: participant code is `katas/<slug>/src/**`. */
  katasDir: string;
  /** Forbidden built-in modules, without `node:`. */
  builtins: string[];
  /** Forbidden packages and package subpaths (`fast-uri`, `@hbu/crutches/http-message`). */
  modules: string[];
  /** Real paths of forbidden packages (folders) and subpaths (files). */
  paths: string[];
  /** Forbidden global names. */
  globals: string[];
}

/** The global property under which the worker guard publishes the shadows of forbidden globals. */
export const GUARD_GLOBAL = '__hbuGraderGuard';

const bare = (s: string): string => s.replace(/^node:/, '');

/** Is `specifier` a forbidden module: the entry itself or a subpath of it (`fast-uri/lib/x`)? */
export function matchesForbidden(specifier: string, forbidden: string[]): boolean {
  const s = bare(specifier);
  return forbidden.some((f) => s === bare(f) || s.startsWith(`${bare(f)}/`));
}

/** Is `file` (a real path) one of the forbidden paths, or inside a forbidden package folder? */
export function isForbiddenPath(file: string, paths: string[]): boolean {
  return paths.some((p) => file === p || file.startsWith(`${p}/`));
}

/** Strips `node:` and a subpath: `node:url` → `url`, `fast-uri/lib/x` → `fast-uri`. */
export function moduleRoot(specifier: string): string {
  const bare = specifier.replace(/^node:/, '');
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? bare);
}
