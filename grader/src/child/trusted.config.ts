/**
 * The grader's own vitest configuration for one kata run (or one collection). A participant's
 * vitest.config.ts, vite config or workspace file is never loaded: run-kata.mjs points vitest at
 * this file. vitest bundles it before Node loads it, so its imports are relative (Node 20 cannot
 * load .ts itself) and `import.meta.dirname` keeps its original value.
 *
 * Everything here runs in the child's main process, where no participant code runs: vitest runs
 * spec files in worker processes (`pool: 'forks'`).
 */
import { randomBytes } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { implResolver } from '../../../packages/kata-kit/src/impl-resolver.ts';
import { type Canary, canaryBody, canaryPlan } from './canary-plan.ts';
import { forbiddenPaths } from './forbidden-paths.ts';
import {
  type ChildArgs,
  type ChildMessage,
  GUARD_GLOBAL,
  type GuardConfig,
  isForbiddenPath,
  matchesForbidden,
  type ReportedError,
} from './protocol.ts';

/**
 * What run-kata.mjs leaves for this file (the arguments and the authenticated channel), and what
 * this file gives back (how to report a collection).
 */
interface Bridge {
  args: ChildArgs;
  /** The run's secret (canary names and positions), read from stdin. */
  secret: string;
  send: (message: ChildMessage) => void;
  reportCollection?: (modules: ReadonlyArray<TestModule>) => void;
}
const bridge = (globalThis as Record<symbol, Bridge | undefined>)[Symbol.for('hbu.grader.bridge')];
if (bridge === undefined)
  throw new Error('trusted.config.ts is loaded by grader/src/child/run-kata.mjs only');
const { args, send, secret } = bridge;

const canaryModule = resolve(import.meta.dirname, 'canary.ts');

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/** Is this file inside some `katas/<slug>/src/` below `katasDir`? */
function isParticipantSource(katasDir: string, file: string): boolean {
  return isInside(katasDir, file) && relative(katasDir, file).split(sep)[1] === 'src';
}

/**
 * Writes the canaries into every spec file of the kata (canary-plan.ts, from the run's secret):
 * on line 1 (line numbers do not move) the canary module's import and the canaries that go
 * before the spec's own tests; after the spec's code the others. Each group is a describe titled
 * like the file's own stage, and each body runs in the spec file itself.
 */
function canaryPlugin(kataDir: string, secret: string): Plugin {
  const tag = randomBytes(6).toString('hex');
  const n = {
    x: `__x${tag}`,
    fc: `__fc${tag}`,
    intact: `__i${tag}`,
    d: `__d${tag}`,
    it: `__t${tag}`,
  };
  const testDir = join(kataDir, 'test');
  const group = (title: string, canaries: Canary[]): string =>
    canaries.length === 0
      ? ''
      : `${n.d}(${JSON.stringify(title)}, () => {${canaries
          .map((c) => `${n.it}(${JSON.stringify(c.name)}, () => { ${canaryBody(c, n)} });`)
          .join(' ')}});`;
  return {
    name: 'hbu-grader:canary',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (!file.endsWith('.spec.ts') || !isInside(testDir, file)) return null;
      const plan = canaryPlan(secret, relative(kataDir, file));
      const title = /\bdescribe\(\s*(['"`])(\d+\.[^'"`\n]*)\1/.exec(code)?.[2] ?? '1. Tests';
      const head =
        `import { intact as ${n.intact} } from ${JSON.stringify(canaryModule)};` +
        `import { describe as ${n.d}, it as ${n.it}, expect as ${n.x} } from 'vitest';` +
        `import ${n.fc} from 'fast-check';` +
        group(
          title,
          plan.filter((c) => c.at === 'start'),
        );
      return {
        code: `${head}${code}\n;${group(
          title,
          plan.filter((c) => c.at === 'end'),
        )}\n`,
        map: null,
      };
    },
  };
}

/**
 * Refuses, and reports, an import of a forbidden module from participant code at resolution
 * time, whatever the specifier's spelling (a computed dynamic import, a built-in, a relative or
 * absolute path into the package's folder). The static scan (forbidden.ts) catches literal
 * imports before the run; worker-guard.ts covers require, createRequire and getBuiltinModule.
 */
function forbiddenPlugin(katasDir: string, guard: GuardConfig): Plugin {
  const all = [...guard.builtins, ...guard.modules];
  return {
    name: 'hbu-grader:forbidden-modules',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (importer === undefined || all.length === 0) return null;
      const from = importer.split('?')[0] ?? importer;
      if (!isParticipantSource(katasDir, from)) return null;
      let hit = matchesForbidden(source, all);
      if (!hit && !isBuiltin(source)) {
        const resolved = await this.resolve(source, importer, { skipSelf: true });
        const file = resolved?.id.split('?')[0];
        hit = file !== undefined && isForbiddenPath(file, guard.paths);
      }
      if (!hit) return null;
      send({ t: 'forbidden', specifier: source, importer: from });
      this.error(`the kata forbids importing "${source}" (kata.json forbiddenModules)`);
    },
  };
}

/**
 * Shadows each forbidden global in participant modules with a stub that throws when used
 * (published by worker-guard.ts), and `globalThis`/`global` with a view that hides them. The
 * prologue goes on the module's first line (line numbers hold) and leaves out names the module
 * declares itself.
 */
function forbiddenGlobalsPlugin(katasDir: string, globals: string[]): Plugin {
  const names = [...globals, 'globalThis', 'global', 'self', 'window'];
  return {
    name: 'hbu-grader:forbidden-globals',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (globals.length === 0 || !isParticipantSource(katasDir, file)) return null;
      const declared = new Set<string>();
      try {
        const ast = this.parse(code) as unknown as { body: Array<Record<string, unknown>> };
        for (const node of ast.body) collectDeclared(node, declared);
      } catch {
        // Not parseable here: every name is shadowed.
      }
      const shadow = names.filter((n) => !declared.has(n));
      return { code: `const { ${shadow.join(', ')} } = ${GUARD_GLOBAL};${code}`, map: null };
    },
  };
}

/** Names a top-level statement declares (variables, functions, classes, imports). */
function collectDeclared(node: Record<string, unknown>, out: Set<string>): void {
  const target =
    node.type === 'ExportNamedDeclaration' && node.declaration
      ? (node.declaration as Record<string, unknown>)
      : node;
  const id = (target.id as { name?: string } | undefined)?.name;
  if (id !== undefined) out.add(id);
  for (const d of (target.declarations as Array<{ id: unknown }> | undefined) ?? []) {
    JSON.stringify(d.id, (key, value) => {
      if (key === 'name' && typeof value === 'string') out.add(value);
      return value;
    });
  }
  for (const s of (target.specifiers as Array<{ local?: { name?: string } }> | undefined) ?? []) {
    if (target.type === 'ImportDeclaration' && s.local?.name) out.add(s.local.name);
  }
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

function cap(text: unknown, max: number): string | undefined {
  if (text === undefined || text === null) return undefined;
  const s = (typeof text === 'string' ? text : JSON.stringify(text))?.replace(ANSI, '');
  return s === undefined ? undefined : s.length > max ? `${s.slice(0, max)}…` : s;
}

function toErrors(errors: ReadonlyArray<unknown> | undefined): ReportedError[] {
  return (errors ?? []).slice(0, 3).map((e) => {
    const err = (e ?? {}) as { message?: unknown; expected?: unknown; actual?: unknown };
    return {
      message: cap(err.message ?? String(e), 2000) ?? '',
      expected: cap(err.expected, 1000),
      actual: cap(err.actual, 1000),
    };
  });
}

function titlesOf(test: TestCase): string[] {
  const titles = [test.name];
  let parent = test.parent;
  while (parent.type === 'suite') {
    titles.unshift(parent.name);
    parent = parent.parent;
  }
  return titles;
}

const kataOf = (file: string) => args.katas.find((k) => file.startsWith(`${k.dir}${sep}`));
const fileOf = (module: TestModule): string =>
  relative(kataOf(module.moduleId)?.dir ?? args.katas[0]?.dir ?? '', module.moduleId);

/** Console output of participant code, per test, capped per test and in total. */
const OUTPUT_PER_TEST = 500;
const OUTPUT_TOTAL = 256 * 1024;
const outputs = new Map<string, string>();
let outputTotal = 0;

/** Files of this run and how many have ended: the run is over when all have, whatever lingers. */
let plannedFiles = -1;
let endedFiles = 0;
let runEndSent = false;
const RUN_END_GRACE_MS = 1500;
function sendRunEnd(errors: ReportedError[]): void {
  if (runEndSent) return;
  runEndSent = true;
  send({ t: 'run-end', errors });
}

bridge.reportCollection = (modules) => {
  for (const module of modules) {
    const kata = kataOf(module.moduleId);
    if (kata === undefined) continue;
    send({
      t: 'collected',
      slug: kata.slug,
      file: fileOf(module),
      tests: [...module.children.allTests()]
        .filter((test) => test.options.mode !== 'skip' && test.options.mode !== 'todo')
        .map(titlesOf),
      errors: toErrors(module.errors()),
    });
  }
};

const reporter: Reporter = {
  onTestRunStart(specifications) {
    plannedFiles = specifications.length;
  },
  onUserConsoleLog(log) {
    if (log.taskId === undefined || outputTotal >= OUTPUT_TOTAL) return;
    const before = outputs.get(log.taskId) ?? '';
    if (before.length > OUTPUT_PER_TEST) return;
    const next = `${before}${log.content}`.slice(0, OUTPUT_PER_TEST + 1);
    outputTotal += next.length - before.length;
    outputs.set(log.taskId, next);
  },
  onTestModuleQueued(module) {
    if (args.mode === 'run') send({ t: 'queued', file: fileOf(module) });
  },
  onTestCaseResult(test) {
    const result = test.result();
    send({
      t: 'test',
      file: fileOf(test.module),
      titles: titlesOf(test),
      state: result.state,
      durationMs: Math.round(test.diagnostic()?.duration ?? 0),
      errors: toErrors(result.errors),
      output: outputs.get(test.id),
    });
    outputs.delete(test.id);
  },
  onTestModuleEnd(module) {
    if (args.mode !== 'run') return;
    send({ t: 'module-end', file: fileOf(module), errors: toErrors(module.errors()) });
    // A worker kept alive by a leftover server or timer must not hold the grade back: once every
    // file has ended, the run ends at the latest after a grace period. (Not at once: vitest may
    // still be delivering test results of an earlier update batch.)
    if (++endedFiles === plannedFiles) setTimeout(() => sendRunEnd([]), RUN_END_GRACE_MS).unref();
  },
  onTestRunEnd(_modules, unhandledErrors) {
    if (args.mode === 'run') sendRunEnd(toErrors(unhandledErrors));
  },
};

const first = args.katas[0];
if (first === undefined) throw new Error('no kata to run');
const many = args.katas.length > 1;
const katasDir = resolve(first.dir, '..');
const guard: GuardConfig = {
  katasDir,
  builtins: first.forbiddenModules.filter((m) => isBuiltin(m)).map((m) => m.replace(/^node:/, '')),
  modules: first.forbiddenModules.filter((m) => !isBuiltin(m)),
  paths: args.mode === 'run' ? forbiddenPaths(first.dir, first.forbiddenModules) : [],
  globals: args.mode === 'run' ? (first.forbiddenGlobals ?? []) : [],
};
const plugins: Plugin[] = [];
if (args.impl === 'reference') plugins.push(implResolver('reference'));
if (args.mode === 'run') {
  plugins.push(forbiddenPlugin(katasDir, guard));
  plugins.push(forbiddenGlobalsPlugin(katasDir, guard.globals));
  if (args.canaries) plugins.push(canaryPlugin(first.dir, secret));
}

export default defineConfig({
  plugins,
  logLevel: 'silent',
  clearScreen: false,
  // The tree is read-only in the sandbox: vite's and vitest's caches go to the private tmp.
  cacheDir: join(tmpdir(), 'hbu-grader-vite'),
  test: {
    setupFiles: args.mode === 'run' ? [resolve(import.meta.dirname, 'worker-guard.ts')] : [],
    provide: { hbuGuard: guard },
    root: many ? katasDir : first.dir,
    include: many ? args.katas.map((k) => `${k.slug}/test/**/*.spec.ts`) : ['test/**/*.spec.ts'],
    exclude: ['**/node_modules/**', '**/fixtures/**'],
    watch: false,
    reporters: [reporter],
    pool: 'forks',
    // One fresh worker per spec file: a patch in one file cannot leak into another.
    isolate: true,
    maxWorkers: args.maxWorkers,
    fileParallelism: true,
    execArgv: [`--max-old-space-size=${args.memoryMb}`],
    testTimeout: args.testTimeoutMs,
    hookTimeout: args.testTimeoutMs,
    teardownTimeout: 1000,
    silent: true,
    allowOnly: false,
    passWithNoTests: true,
    printConsoleTrace: false,
    globals: false,
    sequence: { shuffle: false, concurrent: false },
  },
});
