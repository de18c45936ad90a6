/**
 * `npx tsx scripts/feedback-speed.ts [--rounds N] [slug…]`
 *
 * How long `npm test` takes in each kata, against the stub and against the reference, as a ratio
 * to a bare `npx vitest run` of a two-test spec on the same machine (the participant's-loop goal:
 * ≤ 1.5×). Every command runs once per round, interleaved, so load on a shared machine hits them
 * alike; the table shows medians and ratios of medians. Absolute seconds are noise here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { availableKatas } from './lib/manifest.ts';

const root = resolve(import.meta.dirname, '..');
const known = availableKatas(root).map((k) => k.slug);
const program = new Command()
  .name('npx tsx scripts/feedback-speed.ts')
  .description(
    "How long each kata's `npm test` takes against the stub and the reference, as a ratio to a bare vitest run.",
  )
  .argument('[slug...]', 'katas to time (default: every available kata)')
  .option('--rounds <n>', 'interleaved rounds; the table shows medians', '5')
  .parse();
const rounds = Number(program.opts<{ rounds: string }>().rounds);
if (!Number.isInteger(rounds) || rounds < 1) program.error('--rounds takes a whole number ≥ 1');
const slugs = program.args.length > 0 ? program.args : known;
const unknown = slugs.filter((s) => !known.includes(s));
if (unknown.length > 0) {
  program.error(`unknown kata ${unknown.join(', ')}; available: ${known.join(', ')}`);
}

// The baseline: a folder with a vitest config and one spec of two trivial tests.
const bare = join(root, '.self-check', 'bare-vitest');
mkdirSync(bare, { recursive: true });
writeFileSync(
  join(bare, 'vitest.config.ts'),
  "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['*.spec.ts'] } });\n",
);
writeFileSync(
  join(bare, 'two.spec.ts'),
  "import { expect, it } from 'vitest';\nit('one', () => expect(1 + 1).toBe(2));\nit('two', () => expect('a').toBe('a'));\n",
);

interface Job {
  name: string;
  cwd: string;
  command: string[];
  env: NodeJS.ProcessEnv;
}

const jobs: Job[] = [
  { name: 'bare vitest run (2 tests)', cwd: bare, command: ['npx', 'vitest', 'run'], env: {} },
];
for (const slug of slugs) {
  const cwd = join(root, 'katas', slug);
  jobs.push({
    name: `${slug} · stub`,
    cwd,
    command: ['npm', 'test'],
    env: { KATA_IMPL: 'participant' },
  });
  jobs.push({
    name: `${slug} · reference`,
    cwd,
    command: ['npm', 'test'],
    env: { KATA_IMPL: 'reference' },
  });
}

// CPU seconds (user + sys of the whole process tree) from GNU time where there is one (its last
// line: a failing run adds a "Command exited…" line first): on a
// loaded machine they move less than wall time does.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(bare, 'cpu.txt');
const times = new Map<string, number[]>(jobs.map((j) => [j.name, []]));
const cpu = new Map<string, number[]>(jobs.map((j) => [j.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const job of jobs) {
    const start = performance.now();
    const [cmd, ...rest] =
      gnuTime === undefined ? job.command : [gnuTime, '-f', '%U %S', '-o', cpuFile, ...job.command];
    const result = spawnSync(cmd!, rest, {
      cwd: job.cwd,
      env: { ...process.env, ...job.env, KATA_PROGRESS_FILE: join(bare, 'progress.json') },
      stdio: 'ignore',
    });
    const seconds = (performance.now() - start) / 1000;
    times.get(job.name)!.push(seconds);
    if (result.error) throw result.error;
    if (gnuTime !== undefined) {
      const [user = 0, sys = 0] = readFileSync(cpuFile, 'utf8')
        .trim()
        .split('\n')
        .at(-1)!
        .split(/\s+/)
        .map(Number);
      cpu.get(job.name)!.push(user + sys);
    }
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const base = median(times.get(jobs[0]!.name)!);
const baseCpu = gnuTime === undefined ? 0 : median(cpu.get(jobs[0]!.name)!);
const width = Math.max(...jobs.map((j) => j.name.length));
console.log(
  `\n${rounds} interleaved rounds, medians; ratio = this ÷ the bare run (machine shared)`,
);
console.log(`${'command'.padEnd(width)}  wall s  ratio  cpu s  ratio`);
for (const job of jobs) {
  const m = median(times.get(job.name)!);
  const c = gnuTime === undefined ? undefined : median(cpu.get(job.name)!);
  const cpuCols =
    c === undefined ? '' : `  ${c.toFixed(2).padStart(5)}  ${(c / baseCpu).toFixed(2)}×`;
  console.log(
    `${job.name.padEnd(width)}  ${m.toFixed(2).padStart(6)}  ${(m / base).toFixed(2)}×${cpuCols}`,
  );
}
