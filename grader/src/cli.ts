/**
 * `npm run grade -- [slug…] [--impl participant|reference] [--submission DIR] [--json FILE]
 *  [--format hbu|gradescope] [--markdown FILE] [--seed N] [--participant NAME] [--quiet]
 *  [--min-score P]`
 *
 * Exit status: 0 whatever the score; 1 the grader itself could not work (unreadable repository,
 * runner failure); 2 bad arguments; 3 the score is below --min-score.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { colorsFor, progressPrinter, renderBoard } from './board.ts';
import { DEFAULT_SEED, GraderError, grade } from './grade.ts';
import { renderMarkdown } from './markdown.ts';
import { toGradescope } from './results.ts';
import { forTerminal } from './text.ts';

export const EXIT = { ok: 0, graderFailed: 1, badArguments: 2, belowMinScore: 3 } as const;

const ownRoot = resolve(import.meta.dirname, '../..');

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    }
    return n;
  };
}

function percent(raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new InvalidArgumentError('must be a percentage from 0 to 100');
  }
  return n;
}

interface CliOptions {
  impl: 'participant' | 'reference';
  submission?: string;
  json?: string;
  format: 'hbu' | 'gradescope';
  markdown?: string;
  seed: number;
  participant?: string;
  quiet?: boolean;
  minScore?: number;
  concurrency: number;
  sandbox: 'auto' | 'required' | 'off';
  root?: string;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, text);
}

export async function main(argv: string[]): Promise<number> {
  const withReference = existsSync(resolve(ownRoot, 'reference'));
  const program = new Command()
    .name('npm run grade --')
    .description(
      'Grade the katas: each in an isolated child process, scored by stage with partial credit.',
    )
    .argument('[slug...]', 'katas to grade (default: every available kata, in course order)')
    .addOption(
      // The participant template has no reference/: there the option does not exist at all.
      new Option('--impl <impl>', 'implementation to grade')
        .choices(withReference ? ['participant', 'reference'] : ['participant'])
        .default('participant')
        .hideHelp(!withReference),
    )
    .option(
      '--submission <dir>',
      'grade katas/<slug>/src/ from DIR inside a pristine copy of this repository',
    )
    .option('--json <file>', 'write the results JSON (grader/schema/results.schema.json)')
    .addOption(
      new Option('--format <format>', 'format of --json')
        .choices(['hbu', 'gradescope'])
        .default('hbu'),
    )
    .option('--markdown <file>', 'write the board as Markdown (pull-request comment, job summary)')
    .option(
      '--seed <n>',
      'fast-check seed (FC_SEED of every property)',
      integer('--seed', 0),
      DEFAULT_SEED,
    )
    .option('--participant <name>', 'name recorded in the results (default: PR author, git user)')
    .option('--quiet', 'no progress and no board, only the total')
    .option('--min-score <p>', 'exit 3 when the score is below P percent of the maximum', percent)
    .addOption(
      new Option('--sandbox <mode>', 'bubblewrap sandbox: auto (when it works), required, off')
        .choices(['auto', 'required', 'off'])
        .default('auto'),
    )
    .addOption(new Option('--root <dir>', "the course to grade (the grader's tests)").hideHelp())
    .addOption(
      new Option('--concurrency <n>', 'katas graded at the same time')
        .argParser(integer('--concurrency', 1, 8))
        .default(2),
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.badArguments;
    }
    throw error;
  }
  const slugs = program.args;
  const opts = program.opts<CliOptions>();
  const out = process.stdout;
  const colors = colorsFor(out);
  try {
    const results = await grade({
      root: opts.root === undefined ? ownRoot : resolve(opts.root),
      slugs,
      impl: opts.impl,
      ...(opts.submission !== undefined ? { submission: opts.submission } : {}),
      seed: opts.seed,
      ...(opts.participant !== undefined ? { participant: opts.participant } : {}),
      concurrency: opts.concurrency,
      sandbox: opts.sandbox,
      ...(opts.quiet ? {} : { onProgress: progressPrinter(out, colors) }),
    });
    if (opts.json !== undefined) {
      const doc = opts.format === 'gradescope' ? toGradescope(results) : results;
      write(opts.json, `${JSON.stringify(doc, null, 2)}\n`);
    }
    if (opts.markdown !== undefined) write(opts.markdown, renderMarkdown(results));
    if (opts.quiet) {
      out.write(`${results.score} / ${results.max_score}\n`);
    } else {
      out.write(renderBoard(results, colors));
    }
    if (opts.minScore !== undefined) {
      const pct = results.max_score === 0 ? 0 : (results.score / results.max_score) * 100;
      if (pct < opts.minScore) {
        process.stderr.write(`score ${pct.toFixed(2)} % is below --min-score ${opts.minScore} %\n`);
        return EXIT.belowMinScore;
      }
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof GraderError) {
      process.stderr.write(`grader: ${forTerminal(error.message)}\n`);
      return error.message.startsWith('unknown or unavailable kata') ||
        error.message.startsWith('--')
        ? EXIT.badArguments
        : EXIT.graderFailed;
    }
    process.stderr.write(
      `grader failed: ${forTerminal(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    return EXIT.graderFailed;
  }
}

// Run when started as a program (npm run grade); tests import main() instead.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`grader failed: ${String(error)}\n`);
      process.exitCode = EXIT.graderFailed;
    },
  );
}
