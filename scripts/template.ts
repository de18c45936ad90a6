/**
 * `npm run template -- --out DIR [--commit]`
 *
 * Builds the participant template from this repository (the instructor's source): the katas,
 * kata-kit, the crutches, the grader, the leaderboard, workflow-scripts, the participant workflows,
 * a README for participants and INSTRUCTOR.md — and nothing of the solutions (scripts/lib/template).
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { buildTemplate } from './lib/template/build.ts';

const root = resolve(import.meta.dirname, '..');

new Command()
  .name('npm run template --')
  .description(
    'Build the participant template (no reference/, no source-only workflow or script) into DIR.',
  )
  .requiredOption('--out <dir>', 'a new or empty folder to build the template into')
  .option('--commit', 'make DIR a git repository with the template as one commit on main')
  .action((opts: { out: string; commit?: boolean }) => {
    const t = buildTemplate({ root, out: resolve(opts.out), commit: opts.commit ?? false });
    console.log(`template: ${t.files.length} files in ${t.out}`);
    if (t.commit !== undefined) console.log(`template: commit ${t.commit} on main`);
  })
  .parse();
