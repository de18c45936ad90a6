/**
 * `npm run kata -- test|watch|ui <slug> [--stage N]` and `bench <slug>`: vitest (through kata-kit's
 * wrapper, so the compact reporter and `--verbose` work the same as `npm test` in the kata) run in
 * the kata's folder, in this terminal.
 */
import { type SpawnOptions, spawn } from 'node:child_process';
import { join } from 'node:path';
import { availableKata, kataJson } from './course-status.ts';

export type Mode = 'test' | 'watch' | 'ui';

export interface RunOptions {
  stage?: string;
  verbose?: boolean;
  reference?: boolean;
}

/** The command line (program and arguments) that runs `mode` for a kata. */
export function vitestCommand(
  root: string,
  slug: string,
  mode: Mode,
  options: RunOptions = {},
): string[] {
  availableKata(root, slug);
  const args = [join(root, 'packages/kata-kit/bin/vitest.mjs')];
  if (mode === 'test') args.push('run');
  if (mode === 'ui') args.push('--ui');
  if (options.stage !== undefined) {
    const stage = kataJson(root, slug)?.stages.find((s) => String(s.id) === options.stage);
    if (stage === undefined) throw new Error(`${slug} has no stage ${options.stage}`);
    // Spec files are numbered by stage: test/3-percent.spec.ts, test/3-….property.spec.ts.
    args.push(`test/${stage.id}-`);
  }
  if (options.verbose) args.push('--verbose');
  return [process.execPath, ...args];
}

/** Runs a command in the kata's folder with this terminal; resolves with its exit code. */
export function runIn(
  root: string,
  slug: string,
  command: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<number> {
  const options: SpawnOptions = {
    cwd: join(root, 'katas', slug),
    stdio: 'inherit',
    env: { ...process.env, ...env },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), options);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export function implEnv(options: RunOptions): NodeJS.ProcessEnv {
  return options.reference ? { KATA_IMPL: 'reference' } : {};
}
