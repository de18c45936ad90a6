/**
 * `npx tsx scripts/feedback-files.ts [--top N] [slug…]`
 *
 * Where the time of a kata's `npm test` goes: runs each kata's specs once against the stub and
 * once against the reference with vitest's JSON reporter, and prints the slowest spec files with
 * their share of the summed file time, and the slowest single tests. It explains the ratios of
 * `scripts/feedback-speed.ts`; docs/feedback-speed.md holds the account it was used for.
 * On a loaded machine the seconds stretch, but the shares between files of one run hold.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { availableKatas } from './lib/manifest.ts';

interface JsonReport {
  testResults: {
    name: string;
    startTime: number;
    endTime: number;
    assertionResults: { fullName: string; duration?: number | null }[];
  }[];
}

const root = resolve(import.meta.dirname, '..');
const known = availableKatas(root).map((k) => k.slug);
const program = new Command()
  .name('npx tsx scripts/feedback-files.ts')
  .description("Where the time of each kata's `npm test` goes: the slowest spec files and tests.")
  .argument('[slug...]', 'katas to look at (default: every available kata)')
  .option('--top <n>', 'how many files and tests to list', '3')
  .parse();
const top = Number(program.opts<{ top: string }>().top);
if (!Number.isInteger(top) || top < 1) program.error('--top takes a whole number ≥ 1');
const unknown = program.args.filter((s) => !known.includes(s));
if (unknown.length > 0) {
  program.error(`unknown kata ${unknown.join(', ')}; available: ${known.join(', ')}`);
}
const slugs = program.args.length > 0 ? program.args : known;
const out = join(root, '.self-check', 'feedback-files');
mkdirSync(out, { recursive: true });

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

for (const slug of slugs) {
  const cwd = join(root, 'katas', slug);
  for (const impl of ['participant', 'reference'] as const) {
    const label = `${slug} · ${impl === 'participant' ? 'stub' : impl}`;
    const file = join(out, `${slug}.${impl}.json`);
    rmSync(file, { force: true });
    const started = performance.now();
    spawnSync('npx', ['vitest', 'run', '--reporter=json', `--outputFile=${file}`], {
      cwd,
      env: { ...process.env, KATA_IMPL: impl, FORCE_COLOR: '0' },
      stdio: 'ignore',
    });
    const wall = performance.now() - started;
    let report: JsonReport;
    try {
      report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
    } catch {
      console.log(`${label}: no JSON report written`);
      continue;
    }
    const files = report.testResults
      .map((r) => ({ name: relative(cwd, r.name), ms: r.endTime - r.startTime }))
      .sort((a, b) => b.ms - a.ms);
    const sum = files.reduce((s, f) => s + f.ms, 0);
    const tests = report.testResults
      .flatMap((r) =>
        r.assertionResults.map((t) => ({
          name: `${relative(cwd, r.name)} › ${t.fullName}`,
          ms: t.duration ?? 0,
        })),
      )
      .sort((a, b) => b.ms - a.ms);
    console.log(
      `\n${label}: wall ${seconds(wall)}, ${files.length} files, summed file time ${seconds(sum)}`,
    );
    for (const f of files.slice(0, top)) {
      console.log(
        `  ${seconds(f.ms).padStart(9)}  ${((100 * f.ms) / Math.max(sum, 1)).toFixed(0).padStart(3)} %  ${f.name}`,
      );
    }
    for (const t of tests.slice(0, top)) {
      console.log(`  ${seconds(t.ms).padStart(9)}  test  ${t.name.slice(0, 110)}`);
    }
  }
}
