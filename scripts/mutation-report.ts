/**
 * `npx tsx scripts/mutation-report.ts <slug> [--all] [--report FILE]`
 *
 * Reads the JSON report `npm run mutation -- <slug>` wrote (reports/mutation/<slug>.json) and
 * prints, per file and in total, the mutants by status and the score Stryker reports
 * (detected ÷ valid: killed and timed out over all but ignored, compile errors and runtime errors);
 * then every mutant that survived or had no coverage, with its line, mutator and replacement, so
 * a spec can be written for it. `--all` lists the ignored ones too (the configured policy).
 * Given files (scripts/lib/given-files.ts) are left out: `npm run mutation` no longer mutates
 * them, but an incremental run carries their old results into the report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { givenFiles } from './lib/given-files.ts';

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  static?: boolean;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

const root = resolve(import.meta.dirname, '..');
// `… | head` closes the pipe early: that is the reader having seen enough, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const program = new Command()
  .name('npx tsx scripts/mutation-report.ts')
  .description("Per-file scores and the surviving mutants of a kata's last mutation run.")
  .argument('<slug>', 'the kata, as given to `npm run mutation --`')
  .option('--all', 'list the ignored mutants too (the configured policy)')
  .option('--report <file>', 'read this JSON report instead of reports/mutation/<slug>.json')
  .parse();
const [slug] = program.args as [string];
const opts = program.opts<{ all?: boolean; report?: string }>();
const file = opts.report ? resolve(opts.report) : join(root, 'reports/mutation', `${slug}.json`);
if (!existsSync(file)) {
  program.error(`no report at ${relative(root, file)}: run \`npm run mutation -- ${slug}\` first`);
}
function readReport(path: string): Report {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Report;
    if (typeof parsed.files !== 'object' || parsed.files === null) throw new Error('no "files"');
    return parsed;
  } catch (error) {
    return program.error(
      `${relative(root, path)} is not a Stryker JSON report (${(error as Error).message})`,
    );
  }
}
const report = readReport(file);

const STATUSES = [
  'Killed',
  'Timeout',
  'Survived',
  'NoCoverage',
  'Ignored',
  'CompileError',
  'RuntimeError',
];
const count = (ms: Mutant[]): Record<string, number> =>
  Object.fromEntries(STATUSES.map((s) => [s, ms.filter((m) => m.status === s).length]));
const score = (c: Record<string, number>): string => {
  const detected = c.Killed! + c.Timeout!;
  const valid = detected + c.Survived! + c.NoCoverage!;
  return valid === 0 ? '—' : `${((100 * detected) / valid).toFixed(2)} %`;
};
const row = (name: string, c: Record<string, number>): string =>
  `| ${name} | ${score(c)} | ${STATUSES.map((s) => c[s]).join(' | ')} |`;

const given = new Set(givenFiles(root, slug).map((f) => join(root, 'reference', slug, 'src', f)));
const files = Object.entries(report.files)
  .filter(([path]) => !given.has(resolve(root, path)))
  .sort(([a], [b]) => a.localeCompare(b));

const all: Mutant[] = [];
console.log(`| file | score | ${STATUSES.join(' | ')} |`);
console.log(`| :-- | --: |${' --: |'.repeat(STATUSES.length)}`);
for (const [path, { mutants }] of files) {
  all.push(...mutants);
  console.log(row(relative(root, resolve(root, path)), count(mutants)));
}
console.log(row('**all**', count(all)));
const leftOut = Object.keys(report.files).filter((path) => given.has(resolve(root, path)));
if (leftOut.length > 0) {
  const names = leftOut.map((path) => relative(root, resolve(root, path))).join(', ');
  console.log(`left out, given files the stub ships complete: ${names}`);
}

const listed = new Set(
  opts.all ? ['Survived', 'NoCoverage', 'Ignored'] : ['Survived', 'NoCoverage'],
);
for (const [path, { mutants }] of files) {
  for (const m of mutants.filter((x) => listed.has(x.status))) {
    const where = `${relative(root, resolve(root, path))}:${m.location.start.line}:${m.location.start.column}`;
    const what =
      m.replacement === undefined ? '' : ` → ${JSON.stringify(m.replacement).slice(0, 100)}`;
    console.log(
      `${m.status.padEnd(10)} ${where} ${m.mutatorName}${m.static ? ' (static)' : ''}${what}`,
    );
  }
}
