/**
 * The kata CLI's commands (`npm run kata -- --help`). Each command's work lives in its own file
 * and returns what to print, so the specs call it without a terminal.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { hintLines } from './hint.ts';
import { listLines } from './list.ts';
import { nextLines } from './next.ts';
import { resetKata } from './reset.ts';
import { implEnv, type Mode, type RunOptions, runIn, vitestCommand } from './run-kata.ts';

export interface Io {
  print: (line: string) => void;
  /** Asks a yes/no question; resolves true for "y" or "yes". */
  confirm: (question: string) => Promise<boolean>;
  /** Runs a command in a kata folder (tests replace it). */
  run: (slug: string, command: string[], env: NodeJS.ProcessEnv) => Promise<number>;
}

export function terminalIo(root: string): Io {
  return {
    print: (line) => console.log(line),
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
      } finally {
        rl.close();
      }
    },
    run: (slug, command, env) => runIn(root, slug, command, env),
  };
}

export function buildProgram(root: string, io: Io = terminalIo(root)): Command {
  const program = new Command()
    .name('npm run kata --')
    .description(
      "The participant's loop: the course, what to do next, hints, reset, and running one kata or one stage.",
    )
    .showHelpAfterError()
    .exitOverride();
  const say = (lines: string[]): void => {
    for (const l of lines) io.print(l);
  };
  // The participant template ships without reference/: --reference exists only where it does.
  const hasReference = existsSync(join(root, 'reference'));

  program
    .command('list')
    .description(
      'the course in order: prerequisites, status and progress of each kata (from your last runs)',
    )
    .action(() => say(listLines(root)));

  program
    .command('next')
    .description(
      'the first unfinished stage of the course: the README section to read and the command to run',
    )
    .action(() => say(nextLines(root)));

  program
    .command('hint')
    .description('the next hint of a stage, one at a time (default: the first unfinished stage)')
    .argument('<slug>', 'the kata, as listed by `list`')
    .argument('[stage]', 'the stage number')
    .option('--again', 'start again from the first hint of the stage')
    .action((slug: string, stage: string | undefined, opts: { again?: boolean }) =>
      say(hintLines(root, slug, stage, opts)),
    );

  program
    .command('reset')
    .description(
      'put the shipped stub back in katas/<slug>/src, keeping a timestamped backup of yours in .kata-backups/',
    )
    .argument('<slug>', 'the kata')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--ref <commit>', 'restore src/ as it is in this commit (default HEAD)')
    .action(async (slug: string, opts: { yes?: boolean; ref?: string }) => {
      const ok =
        opts.yes === true ||
        (await io.confirm(
          `Replace katas/${slug}/src with the stub? Your files are backed up first.`,
        ));
      if (!ok) {
        io.print('nothing changed');
        return;
      }
      const backup = resetKata(root, slug, opts.ref === undefined ? {} : { ref: opts.ref });
      say([`katas/${slug}/src is the stub again; your files are in ${backup}/src`]);
    });

  const runner = (mode: Mode, what: string): void => {
    const command = program
      .command(mode)
      .description(what)
      .argument('<slug>', 'the kata')
      .option('--verbose', "vitest's full output instead of the stage board");
    if (mode !== 'ui') command.option('-s, --stage <n>', 'only the spec files of stage n');
    if (hasReference) {
      command.addOption(
        new Option('--reference', 'run against reference/<slug>/src (instructor tree only)'),
      );
    }
    command.action(async (slug: string, opts: RunOptions) => {
      const code = await io.run(slug, vitestCommand(root, slug, mode, opts), implEnv(opts));
      process.exitCode = code;
    });
  };
  runner('test', 'run the specs once: stage board, first failures, one summary line');
  runner('watch', 're-run on every save; the board redraws in place');
  runner('ui', 'the vitest UI in the browser (its URL is printed first)');

  program
    .command('bench')
    .description(
      hasReference
        ? 'compare your code, the production peer and the reference in one run'
        : 'compare your code with the production peer in one run',
    )
    .argument('<slug>', 'the kata')
    .action(async (slug: string) => {
      const code = await io.run(slug, ['npm', 'run', 'bench', '--silent'], {});
      process.exitCode = code;
    });

  return program;
}
