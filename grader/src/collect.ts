/**
 * The expected tests of each kata, collected from the grader's own (pristine) tree: spec files
 * are imported by vitest under the trusted configuration, never run. With this repository's
 * references available the specs import the reference (trusted code); otherwise the tree's own
 * `src/` (the stub in a fresh clone).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot as kataKitRoot } from '@hbu/kata-kit/paths';
import type { ChildArgs } from './child/protocol.ts';
import type { KataSpec } from './manifest.ts';
import type { ExpectedTest } from './score.ts';
import { reducedEnv, runChild } from './spawn.ts';

export interface Collected {
  tests: ExpectedTest[] | undefined;
  error?: string | undefined;
}

/**
 * Collection imports every spec file of every kata in one child (trusted code only: the budget
 * only guards against a hang). Generous: on a machine at load 27, 110 s was not enough for 5 katas.
 */
const collectBudgetMs = (katas: number): number => 180_000 + 20_000 * katas;

async function collectWith(
  root: string,
  specs: KataSpec[],
  impl: 'participant' | 'reference',
  seed: number,
): Promise<Map<string, Collected>> {
  const out = new Map<string, Collected>();
  if (specs.length === 0) return out;
  const args: ChildArgs = {
    mode: 'collect',
    katas: specs.map((s) => ({
      slug: s.slug,
      dir: join(root, 'katas', s.slug),
      forbiddenModules: [],
    })),
    impl,
    testTimeoutMs: 10_000,
    memoryMb: 1024,
    canaries: false,
    maxWorkers: 2,
  };
  const run = await runChild(args, {
    cwd: root,
    budgetMs: collectBudgetMs(specs.length),
    env: reducedEnv({ FC_SEED: String(seed) }),
  });
  const failure = run.timedOut
    ? 'collection ran out of time'
    : (run.messages.find((m) => m.t === 'fatal')?.message.split('\n')[0] ??
      (run.ended ? undefined : `collection ended early: ${run.output.slice(0, 300)}`));
  for (const spec of specs) {
    const files = run.messages.filter(
      (m): m is Extract<typeof m, { t: 'collected' }> =>
        m.t === 'collected' && m.slug === spec.slug,
    );
    const broken = files.find((f) => f.errors.length > 0);
    if (failure !== undefined || broken !== undefined || files.length === 0) {
      out.set(spec.slug, {
        tests: undefined,
        error:
          failure ??
          (broken
            ? `${broken.file}: ${broken.errors[0]?.message.split('\n')[0]}`
            : 'no spec files'),
      });
      continue;
    }
    const tests = files
      .sort((a, b) => a.file.localeCompare(b.file))
      .flatMap((f) => f.tests.map((titles) => ({ file: f.file, titles })));
    out.set(spec.slug, { tests });
  }
  return out;
}

/** Collects every kata's expected tests, falling back to the tree's own src/ where the reference fails. */
export async function collectExpected(
  root: string,
  specs: KataSpec[],
  seed: number,
): Promise<Map<string, Collected>> {
  const ownRepo = resolve(root) === resolve(kataKitRoot);
  const withReference = specs.filter(
    (s) => ownRepo && existsSync(join(root, 'reference', s.slug, 'src', 'index.ts')),
  );
  const result = await collectWith(root, withReference, 'reference', seed);
  const retry = specs.filter((s) => result.get(s.slug)?.tests === undefined);
  const fallback = await collectWith(root, retry, 'participant', seed);
  for (const [slug, collected] of fallback) {
    const first = result.get(slug);
    result.set(
      slug,
      collected.tests === undefined && first?.error !== undefined
        ? { tests: undefined, error: `${first.error}; with src/: ${collected.error}` }
        : collected,
    );
  }
  return result;
}
