/**
 * The grader as a library: select → run isolated → collect → score → results.
 * `cli.ts` is a thin command line over `grade()`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { repoRoot as kataKitRoot } from '@hbu/kata-kit/paths';
import type { ChildArgs, ChildMessage } from './child/protocol.ts';
import { type Collected, collectExpected } from './collect.ts';
import { type ForbiddenImport, scanForbidden } from './forbidden.ts';
import { defaultParticipant, gitState } from './git.ts';
import { availableKatas, GraderError, type KataSpec, readKata } from './manifest.ts';
import {
  clip,
  GRADER_VERSION,
  type KataResult,
  LIMITS,
  type Results,
  round,
  SCHEMA_VERSION,
  type TestResult,
} from './results.ts';
import { type SandboxPlan, sandboxAvailable } from './sandbox.ts';
import { scoreKata } from './score.ts';
import { type ChildRun, reducedEnv, runChild } from './spawn.ts';
import { type PreparedTree, prepareSubmission } from './submission.ts';

export { GraderError } from './manifest.ts';

export interface GradeOptions {
  /** The grader's own, trusted tree (specs, configs, manifests). */
  root: string;
  /** Katas to grade; all available ones in course order when empty. */
  slugs?: string[];
  impl?: 'participant' | 'reference';
  /** Grade `katas/<slug>/src/` from this folder inside a pristine copy of `root`. */
  submission?: string;
  seed?: number;
  participant?: string;
  /** Katas graded at the same time (default 2). */
  concurrency?: number;
  /** Heap cap per test worker, MiB (default 512). */
  memoryMb?: number;
  /** Override every kata's budget (tests use short ones). */
  budgetSeconds?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Expected tests collected beforehand (collectExpected on the same root); tests reuse one. */
  expected?: Map<string, Collected>;
  /**
   * `auto` (default): the bubblewrap sandbox when it works here, else unsandboxed (and the
   * results say `sandbox: false`); `required`: fail without it; `off`: never.
   */
  sandbox?: 'auto' | 'required' | 'off';
}

/** Forbidden npm packages that neither the kata's specs nor another package need: absent from the sandbox. */
function hiddenPackages(root: string, spec: KataSpec): string[] {
  const modules = join(root, 'node_modules');
  if (!existsSync(modules)) return [];
  let lock: { packages?: Record<string, { dependencies?: Record<string, string> }> } = {};
  try {
    lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  } catch {
    // No lockfile: only what the specs mention decides.
  }
  const needed = new Set(
    Object.values(lock.packages ?? {}).flatMap((p) => Object.keys(p.dependencies ?? {})),
  );
  const testDir = join(root, 'katas', spec.slug, 'test');
  const specText = existsSync(testDir)
    ? readdirSync(testDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.[cm]?[jt]s$/.test(f))
        .map((f) => readFileSync(join(testDir, f), 'utf8'))
        .join('\n')
    : '';
  return spec.forbiddenModules
    .filter(
      (m) =>
        !m.startsWith('node:') &&
        !builtinModules.includes(m) &&
        !m.includes('/', m.startsWith('@') ? m.indexOf('/') + 1 : 0),
    )
    .filter((m) => !needed.has(m) && !specText.includes(`'${m}`) && !specText.includes(`"${m}`))
    .map((m) => join(realpathSync(modules), m))
    .filter((dir) => existsSync(dir));
}

export type ProgressEvent =
  | { type: 'plan'; katas: KataSpec[] }
  | { type: 'start'; slug: string }
  | { type: 'test'; slug: string; reported: number; passed: number }
  | { type: 'end'; kata: KataResult };

export const DEFAULT_SEED = 20_261_124;
/** The grader's per-test timeout, as a multiple of the kata's (`testTimeoutMs`, else 10 s). */
export const TEST_TIMEOUT_FACTOR = 3;

/** Runs one kata's specs in its child process. */
async function runKata(
  spec: KataSpec,
  tree: string,
  options: Required<Pick<GradeOptions, 'impl' | 'seed' | 'memoryMb'>> & GradeOptions,
  sandbox: Omit<SandboxPlan, 'env' | 'cwd'> | undefined,
  secret: string,
): Promise<ChildRun> {
  const dir = join(tree, 'katas', spec.slug);
  const args: ChildArgs = {
    mode: 'run',
    katas: [
      {
        slug: spec.slug,
        dir,
        forbiddenModules: spec.forbiddenModules,
        forbiddenGlobals: spec.forbiddenGlobals,
      },
    ],
    impl: options.impl,
    // A per-test timeout ends a promise that never settles; it is wall-clock time, so the grader
    // gives each test three times the kata's own: a loaded machine cannot fail an honest test.
    testTimeoutMs: spec.testTimeoutMs * TEST_TIMEOUT_FACTOR,
    memoryMb: options.memoryMb,
    canaries: true,
    maxWorkers: 2,
  };
  let reported = 0;
  let passed = 0;
  return runChild(args, {
    cwd: dir,
    budgetMs: (options.budgetSeconds ?? spec.timeBudgetSeconds) * 1000,
    secret,
    env: reducedEnv({
      FC_SEED: String(options.seed),
      // kata-kit's deadline worker loads the module the specs import: the reference's here.
      ...(options.impl === 'reference' ? { KATA_IMPL: 'reference' } : {}),
      ...(sandbox === undefined ? {} : { HOME: '/tmp', TMPDIR: '/tmp' }),
    }),
    sandbox: sandbox === undefined ? undefined : { ...sandbox, hidden: hiddenPackages(tree, spec) },
    onMessage: (m: ChildMessage) => {
      if (m.t !== 'test') return;
      reported++;
      if (m.state === 'passed') passed++;
      options.onProgress?.({ type: 'test', slug: spec.slug, reported, passed });
    },
  });
}

async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function grade(input: GradeOptions): Promise<Results> {
  const started = performance.now();
  const root = resolve(input.root);
  const options = {
    ...input,
    root,
    impl: input.impl ?? 'participant',
    seed: input.seed ?? DEFAULT_SEED,
    memoryMb: input.memoryMb ?? 512,
  } as const;
  if (!existsSync(join(root, 'katas.json'))) throw new GraderError(`${root} has no katas.json`);
  if (options.impl === 'reference' && options.submission !== undefined) {
    throw new GraderError(
      '--submission grades a participant, it cannot be combined with --impl reference',
    );
  }
  if (options.impl === 'reference' && resolve(kataKitRoot) !== root) {
    throw new GraderError(
      `--impl reference grades this repository's references only (${kataKitRoot})`,
    );
  }
  if (options.submission !== undefined && !existsSync(options.submission)) {
    throw new GraderError(`--submission ${options.submission}: no such folder`);
  }
  const entries = availableKatas(root);
  const wanted = options.slugs ?? [];
  for (const slug of wanted) {
    if (!entries.some((e) => e.slug === slug)) {
      throw new GraderError(
        `unknown or unavailable kata "${slug}"; available: ${entries.map((e) => e.slug).join(', ')}`,
      );
    }
  }
  const specs = entries
    .filter((e) => wanted.length === 0 || wanted.includes(e.slug))
    .map((e) => readKata(root, e));
  options.onProgress?.({ type: 'plan', katas: specs });

  // Per run: names and places the canaries (child/canary-plan.ts); never leaves this process
  // but on the children's stdin.
  const secret = randomBytes(32).toString('hex');
  const mode = options.sandbox ?? 'auto';
  const sandboxed = mode !== 'off' && sandboxAvailable();
  if (mode === 'required' && !sandboxed) {
    throw new GraderError(
      '--sandbox required: bubblewrap (bwrap) cannot create its namespaces here (not installed, or unprivileged user namespaces are restricted)',
    );
  }
  let prepared: PreparedTree | undefined;
  if (options.submission !== undefined) {
    // Every kata's src/, not only the graded ones: a kata imports its prerequisites' src/.
    prepared = prepareSubmission(
      root,
      resolve(options.submission),
      entries.map((e) => e.slug),
      { copyTree: !sandboxed },
    );
  }
  const tree = prepared?.root ?? root;
  const sandbox: Omit<SandboxPlan, 'env' | 'cwd'> | undefined = sandboxed
    ? {
        root: tree,
        withReference: options.impl === 'reference',
        overlays: [...(prepared?.sources ?? [])].map(([slug, from]) => ({
          from,
          to: join(tree, 'katas', slug, 'src'),
        })),
        hidden: [],
      }
    : undefined;
  try {
    const collection: Promise<Map<string, Collected>> = options.expected
      ? Promise.resolve(options.expected)
      : collectExpected(root, specs, options.seed).catch(
          (error: unknown) =>
            new Map(specs.map((s) => [s.slug, { tests: undefined, error: String(error) }])),
        );
    const forbidden = new Map<string, ForbiddenImport[]>();
    for (const spec of specs) {
      forbidden.set(
        spec.slug,
        options.impl === 'participant'
          ? scanForbidden(
              prepared?.sources.get(spec.slug) ?? join(tree, 'katas', spec.slug, 'src'),
              spec.forbiddenModules,
            )
          : [],
      );
    }
    const runs = await pool(specs, options.concurrency ?? 2, async (spec) => {
      options.onProgress?.({ type: 'start', slug: spec.slug });
      const run = await runKata(spec, tree, options, sandbox, secret);
      const expected = (await collection).get(spec.slug);
      const scored = scoreKata({
        spec,
        expected: expected?.tests,
        collectionError: expected?.error,
        run,
        forbidden: forbidden.get(spec.slug) ?? [],
        secret,
      });
      options.onProgress?.({ type: 'end', kata: scored.kata });
      return scored;
    });

    const katas = runs.map((r) => r.kata);
    const tests: TestResult[] = runs.flatMap((r) => r.tests);
    const errors = katas.filter((k) => k.status === 'error');
    const git =
      options.submission === undefined
        ? gitState(root, true)
        : gitState(resolve(options.submission), false);
    return {
      schema_version: SCHEMA_VERSION,
      version: 3,
      status:
        errors.length > 0
          ? 'error'
          : tests.length > 0 && tests.every((t) => t.status === 'pass')
            ? 'pass'
            : 'fail',
      message:
        errors.length > 0
          ? clip(errors.map((k) => `${k.slug}: ${k.message ?? 'error'}`).join('\n'), LIMITS.message)
          : null,
      grader: { version: GRADER_VERSION },
      timestamp: new Date().toISOString(),
      participant: clip(options.participant ?? defaultParticipant(root), LIMITS.name),
      git,
      seed: options.seed,
      node: process.version,
      impl: options.impl,
      submission: options.submission !== undefined,
      sandbox: sandboxed,
      score: round(katas.reduce((sum, k) => sum + k.score, 0)),
      max_score: round(katas.reduce((sum, k) => sum + k.max_score, 0)),
      duration_ms: Math.round(performance.now() - started),
      katas,
      tests,
      ignored_changes: (prepared?.ignored ?? [])
        .slice(0, LIMITS.ignored)
        .map((f) => clip(f, LIMITS.path)),
    };
  } finally {
    prepared?.cleanup();
  }
}
