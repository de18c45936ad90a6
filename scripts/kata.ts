/**
 * `npm run kata -- <command>`: the participant's loop from the repository root.
 * `npm run kata -- --help` lists the commands; `npm run kata -- <command> --help` explains one.
 * The commands live in scripts/kata/.
 */
import { resolve } from 'node:path';
import { CommanderError } from 'commander';
import { buildProgram } from './kata/program.ts';

const root = resolve(process.env.KATA_ROOT ?? resolve(import.meta.dirname, '..'));

try {
  await buildProgram(root).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
