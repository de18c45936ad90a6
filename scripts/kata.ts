/**
 * `npm run kata -- <slug> [test|watch|ui|bench] [--reference]`
 *
 * Runs one kata's script from the repository root, the same as `npm run <script>` inside
 * `katas/<slug>/`. `--reference` runs it against the reference solution (KATA_IMPL=reference).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Argument, Command } from 'commander';
import { availableKatas, readManifest } from './lib/manifest.ts';

const root = resolve(import.meta.dirname, '..');

const program = new Command()
  .name('npm run kata --')
  .description('Run one kata: its specs, watch mode, the vitest UI or its benchmark.')
  .argument('<slug>', 'the kata, as listed in katas.json')
  .addArgument(
    new Argument('[script]', 'what to run')
      .choices(['test', 'watch', 'ui', 'bench'])
      .default('test'),
  )
  .option('--reference', 'run against reference/<slug>/src instead of katas/<slug>/src')
  .action((slug: string, script: string, opts: { reference?: boolean }) => {
    const entry = readManifest(root).find((k) => k.slug === slug);
    if (entry === undefined || entry.status !== 'available') {
      const known = availableKatas(root).map((k) => k.slug);
      program.error(
        entry === undefined
          ? `unknown kata "${slug}"; available: ${known.join(', ')}`
          : `kata "${slug}" is ${entry.status}, not available yet; available: ${known.join(', ')}`,
      );
    }
    const child = spawn('npm', ['run', script, '--silent'], {
      cwd: resolve(root, 'katas', slug),
      stdio: 'inherit',
      env: { ...process.env, ...(opts.reference ? { KATA_IMPL: 'reference' } : {}) },
    });
    child.on('close', (code) => {
      process.exitCode = code ?? 1;
    });
  });

program.parse();
