/**
 * The workshop, rehearsed end to end: the template is built as one commit, cloned fresh and
 * installed (`npm ci`), three simulated participants are graded the way the pull-request workflow
 * grades them (`--submission`), the leaderboard is built from their results, and every score is
 * checked against what each participant did. The source's references, submitted against the
 * template, score 100 on every kata.
 *
 * Slow (an install and five gradings): HBU_SKIP_WORKSHOP=1 skips it; HBU_WORKSHOP_KEEP=1 keeps its files. HBU_WORKSHOP_FULL=1 also runs
 * the template's own `npm test` in the fresh clone (the publish-template workflow always does).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate } from '../../../scripts/lib/template/build.ts';
import { switchToCrutches } from '../../crutches/test/prereqs-switch.ts';

const root = resolve(import.meta.dirname, '../../..');
const skip = process.env.HBU_SKIP_WORKSHOP === '1';
const full = process.env.HBU_WORKSHOP_FULL === '1';
const MINUTES = 60_000;
/** The katas the participants are graded on (the pull-request workflow grades them all). */
const GRADED = ['uri-parser', 'http-message', 'static-server'];

interface KataScore {
  slug: string;
  status: string;
  message: string | null;
  score: number;
  max_score: number;
  stages: Array<{ id: number; score: number; max_score: number }>;
}
interface Graded {
  score: number;
  max_score: number;
  participant: string;
  katas: KataScore[];
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VITEST') && k !== 'KATA_IMPL' && k !== 'NODE_OPTIONS') env[k] = v;
  }
  return { ...env, FORCE_COLOR: '0' };
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, {
    cwd,
    env: cleanEnv(),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

const tail = (r: SpawnSyncReturns<string>): string => `${r.stdout}\n${r.stderr}`.slice(-3000);
const kata = (g: Graded, slug: string): KataScore => g.katas.find((k) => k.slug === slug)!;
/** A kata's score, after checking the grader could grade it (a 0 from an error proves nothing). */
function scoreOf(g: Graded, slug: string): number {
  const k = kata(g, slug);
  expect(k.status, `${g.participant} › ${slug}: ${k.message}`).toBe('graded');
  return k.score;
}

describe.skipIf(skip)('a workshop, end to end, from the template', () => {
  let tmp: string;
  let workshop: string;
  const results = new Map<string, Graded>();

  /** A participant's fork: a fresh clone of the workshop repository, changed by `work`. */
  function fork(name: string, work: (dir: string) => void): string {
    const dir = join(tmp, 'forks', name);
    const r = run('git', ['clone', '--quiet', join(tmp, 'origin'), dir], tmp, MINUTES);
    expect(r.status, tail(r)).toBe(0);
    work(dir);
    return dir;
  }

  function grade(name: string, submission: string, slugs: string[]): Graded {
    const json = join(tmp, 'results', `${name}.json`);
    const r = run(
      join(workshop, 'node_modules/.bin/tsx'),
      [
        'grader/src/cli.ts',
        ...slugs,
        // One kata at a time: the grader's time budgets are per kata, and this suite shares the machine.
        '--concurrency',
        '1',
        '--submission',
        submission,
        '--json',
        json,
        '--participant',
        name,
        '--quiet',
      ],
      workshop,
      20 * MINUTES,
    );
    expect(r.status, tail(r)).toBe(0);
    const graded = JSON.parse(readFileSync(json, 'utf8')) as Graded;
    results.set(name, graded);
    return graded;
  }

  const useReference = (dir: string, slug: string): void => {
    rmSync(join(dir, 'katas', slug, 'src'), { recursive: true, force: true });
    cpSync(join(root, 'reference', slug, 'src'), join(dir, 'katas', slug, 'src'), {
      recursive: true,
    });
  };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'hbu-workshop-'));
    mkdirSync(join(tmp, 'results'));
    buildTemplate({ root, out: join(tmp, 'origin'), commit: true });
    workshop = join(tmp, 'workshop');
    const clone = run('git', ['clone', '--quiet', join(tmp, 'origin'), workshop], tmp, MINUTES);
    expect(clone.status, tail(clone)).toBe(0);
    const install = run(
      'npm',
      ['ci', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund'],
      workshop,
      // A fresh install fetched from the registry took 4.5 min on the loaded shared machine; one
      // run timed out at 10.
      20 * MINUTES,
    );
    expect(install.status, tail(install)).toBe(0);
  }, 22 * MINUTES);
  afterAll(() => {
    // HBU_WORKSHOP_KEEP=1 keeps the clones and the results files to look at.
    if (tmp && process.env.HBU_WORKSHOP_KEEP !== '1') rmSync(tmp, { recursive: true, force: true });
  }, 5 * MINUTES);

  it(
    'grades a participant who did nothing 0 on every kata',
    () => {
      const ada = grade(
        'ada',
        fork('ada', () => {}),
        GRADED,
      );
      expect(GRADED.map((slug) => [slug, scoreOf(ada, slug)])).toEqual(GRADED.map((s) => [s, 0]));
      expect(ada.score).toBe(0);
    },
    25 * MINUTES,
  );

  it(
    'grades a static server on the http-message crutch 100, and the unfinished parser 0',
    () => {
      const bob = grade(
        'bob',
        fork('bob', (dir) => {
          useReference(dir, 'static-server');
          const prereqs = join(dir, 'katas/static-server/src/prereqs.ts');
          writeFileSync(prereqs, switchToCrutches(readFileSync(prereqs, 'utf8')));
        }),
        GRADED,
      );
      expect(scoreOf(bob, 'static-server')).toBe(100);
      expect(scoreOf(bob, 'http-message')).toBe(0);
      expect(scoreOf(bob, 'uri-parser')).toBe(0);
    },
    25 * MINUTES,
  );

  it(
    'grades a uri-parser without normalize and query strings: stages 1–4 full, 5 and 6 nothing',
    () => {
      const cy = grade(
        'cy',
        fork('cy', (dir) => {
          useReference(dir, 'uri-parser');
          const src = join(dir, 'katas/uri-parser/src');
          renameSync(join(src, 'index.ts'), join(src, 'done.ts'));
          writeFileSync(
            join(src, 'index.ts'),
            [
              "import { notImplemented } from '@hbu/kata-kit/not-implemented';",
              "export * from './done.ts';",
              '// Not done yet: §5 and §6.',
              "export const normalize = (_uri: string): string => notImplemented('normalize', 5);",
              'export const parseQuery = (_query: string): [string, string][] =>',
              "  notImplemented('parseQuery', 6);",
              'export const serializeQuery = (_pairs: Iterable<readonly [string, string]>): string =>',
              "  notImplemented('serializeQuery', 6);",
              '',
            ].join('\n'),
          );
        }),
        GRADED,
      );
      scoreOf(cy, 'uri-parser');
      const uri = kata(cy, 'uri-parser');
      const stage = (id: number) => uri.stages.find((s) => s.id === id)!;
      for (const id of [1, 2, 3, 4])
        expect(stage(id).score, `stage ${id}`).toBe(stage(id).max_score);
      for (const id of [5, 6]) expect(stage(id).score, `stage ${id}`).toBe(0);
      expect(uri.score).toBeGreaterThanOrEqual(55);
      expect(uri.score).toBeLessThan(100);
      expect(scoreOf(cy, 'static-server')).toBe(0);
    },
    25 * MINUTES,
  );

  it(
    'builds the leaderboard from their results: the crutch, then the partial parser, then nothing',
    () => {
      expect([...results.keys()].sort()).toEqual(['ada', 'bob', 'cy']);
      const site = join(tmp, 'site');
      const r = run(
        join(workshop, 'node_modules/.bin/tsx'),
        ['packages/leaderboard/src/cli.ts', join(tmp, 'results'), '--out', site],
        workshop,
        5 * MINUTES,
      );
      expect(r.status, tail(r)).toBe(0);
      const board = JSON.parse(readFileSync(join(site, 'leaderboard.json'), 'utf8')) as {
        entries: Array<{ rank: number; participant: string; total: number }>;
      };
      // The board shows totals to 3 decimals; the grader keeps 4.
      const shown = (n: number): number => Math.round(n * 1000) / 1000;
      expect(board.entries.map((e) => [e.participant, e.total])).toEqual([
        ['bob', shown(results.get('bob')!.score)],
        ['cy', shown(results.get('cy')!.score)],
        ['ada', 0],
      ]);
      expect(board.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
    },
    10 * MINUTES,
  );

  it(
    "scores the source's references 100 on every kata, submitted against the template",
    () => {
      const available = (
        JSON.parse(readFileSync(join(root, 'katas.json'), 'utf8')) as {
          katas: Array<{ slug: string; status: string }>;
        }
      ).katas.filter((k) => k.status === 'available');
      const submission = fork('references', (dir) => {
        for (const k of available) useReference(dir, k.slug);
      });
      const graded = grade('references', submission, []);
      // On a miss, say which stages lost points and why (the results file is removed below).
      const short = JSON.stringify(
        graded.katas.filter((k) => k.score !== 100),
        null,
        1,
      ).slice(0, 4000);
      expect(
        available.map((k) => [k.slug, scoreOf(graded, k.slug)]),
        short,
      ).toEqual(available.map((k) => [k.slug, 100]));
      rmSync(join(tmp, 'results', 'references.json'));
    },
    30 * MINUTES,
  );

  // Depends on the grader taking every kata's src/ from the submission whatever slugs are graded
  // (issue: "--submission always takes every kata's src/"): static-server on the participant's
  // own parser, graded alone.
  it(
    'grades a static server on the participant’s own parser 100 when static-server is graded alone',
    () => {
      const dee = grade(
        'dee',
        fork('dee', (dir) => {
          useReference(dir, 'http-message');
          useReference(dir, 'static-server');
        }),
        ['static-server'],
      );
      expect(scoreOf(dee, 'static-server')).toBe(100);
      rmSync(join(tmp, 'results', 'dee.json'));
    },
    25 * MINUTES,
  );

  it.runIf(full)(
    'passes its own npm test in the fresh clone',
    () => {
      const r = run('npm', ['test'], workshop, 30 * MINUTES);
      expect(r.stdout).toMatch(/Summary: \d+ passed, 0 failed/);
      expect(r.status, tail(r)).toBe(0);
    },
    32 * MINUTES,
  );
});
