/**
 * `npm run mutation -- <slug> [--runs N] [--concurrency N]`
 *
 * Mutation testing of a kata's specs: Stryker mutates `reference/<slug>/src/**` and runs
 * the kata's own specs (KATA_IMPL=reference) against every mutant. fast-check runs are
 * turned down with FC_RUNS (default 25) so a run takes minutes. Prints the score; the
 * HTML report goes to reports/mutation/<slug>.html.
 *
 * The policy lives here, not in comments beside the code: error messages are for people and
 * specs test codes, so the `error-messages` ignorer (scripts/lib/stryker-error-messages.ts)
 * skips the message literals of `new …Error(…)`, also when a builder of the same file whose whole
 * body is `return new …Error(…)` passes them on (`invalidHeader(why)`). Every other
 * `// Stryker disable` in a reference is narrowed to the line it means and says why.
 *
 * `--count-messages` switches the ignorer off, for the score with the message mutants counted.
 *
 * Given files (scripts/lib/given-files.ts: the same in the stub and the reference, so no
 * participant writes them) are not mutated unless `--with-given` asks for them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { givenExclusions } from './lib/given-files.ts';
import { availableKatas } from './lib/manifest.ts';
import { run } from './lib/run.ts';

const root = resolve(import.meta.dirname, '..');

const program = new Command()
  .name('npm run mutation --')
  .description('Mutation-test one kata: mutate its reference, run its specs, print the score.')
  .argument('<slug>', 'the kata, as in katas.json')
  .option('--runs <n>', 'fast-check runs per property (FC_RUNS)', '25')
  .option('--concurrency <n>', 'Stryker test-runner processes', '2')
  .option('--incremental', 'reuse results of the previous run for unchanged code and specs')
  .option(
    '--mutate <glob>',
    'mutate only these files (relative to reference/<slug>/src, e.g. "client.ts"); the report then covers only them',
  )
  .option(
    '--timeout-ms <ms>',
    "extra time a mutant may take over its tests' normal time before it counts as a timeout",
    '10000',
  )
  .option('--with-given', 'also mutate the files the stub ships complete (same as the reference)')
  .option(
    '--count-messages',
    'test the error-message mutants too (no ignorer): the score "without the policy"; with --incremental only those are re-run',
  )
  .action(
    async (
      slug: string,
      opts: {
        runs: string;
        concurrency: string;
        incremental?: boolean;
        mutate?: string;
        timeoutMs: string;
        withGiven?: boolean;
        countMessages?: boolean;
      },
    ) => {
      const known = availableKatas(root).map((k) => k.slug);
      if (!known.includes(slug)) {
        program.error(`unknown kata "${slug}"; available: ${known.join(', ')}`);
      }
      const reports = join(root, 'reports/mutation');
      mkdirSync(reports, { recursive: true });
      const config = {
        $schema: '../../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
        packageManager: 'npm',
        testRunner: 'vitest',
        plugins: [
          '@stryker-mutator/vitest-runner',
          join(root, 'scripts/lib/stryker-error-messages.ts'),
        ],
        ignorers: opts.countMessages === true ? [] : ['error-messages'],
        vitest: { configFile: `katas/${slug}/vitest.config.ts`, related: false },
        mutate: [
          `reference/${slug}/src/${opts.mutate ?? '**/*.ts'}`,
          ...(opts.withGiven === true ? [] : givenExclusions(root, slug)),
        ],
        // Only the mutated files need their type checks off; the rest of the tree stays as it is.
        disableTypeChecks: `reference/${slug}/src/**/*.ts`,
        coverageAnalysis: 'perTest',
        concurrency: Number(opts.concurrency),
        timeoutMS: Number(opts.timeoutMs),
        reporters: ['clear-text', 'progress', 'html', 'json'],
        htmlReporter: { fileName: `reports/mutation/${slug}.html` },
        jsonReporter: { fileName: `reports/mutation/${slug}.json` },
        clearTextReporter: {
          allowColor: !process.env.NO_COLOR,
          logTests: false,
          reportScoreTable: true,
        },
        incremental: opts.incremental === true,
        incrementalFile: `reports/mutation/${slug}.incremental.json`,
        tempDirName: '.stryker-tmp',
        ignorePatterns: ['reports', '.self-check', 'node_modules', '.git'],
        thresholds: { high: 90, low: 80, break: null },
      };
      const file = join(reports, `stryker.${slug}.json`);
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      const stryker = join(root, 'node_modules/.bin/stryker');
      if (!existsSync(stryker)) program.error('Stryker is not installed: run npm ci first');
      const result = await run(stryker, ['run', file], {
        cwd: root,
        // tsx loads the ignorer plugin, which is TypeScript like the rest of the tree.
        env: {
          KATA_IMPL: 'reference',
          FC_RUNS: opts.runs,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim(),
        },
        echo: true,
      });
      process.exitCode = result.code;
    },
  );

await program.parseAsync();
