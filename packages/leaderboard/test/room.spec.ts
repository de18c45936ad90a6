/**
 * The offline room: the instructor's machine grades participants' folders and pushed branches
 * itself (a fake grader stands in for `npm run grade` here, for speed), seals what it wrote, and
 * ranks nothing else: a hand-edited or dropped-in results file is refused with the reason.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResults, readCourse } from '@hbu/results';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../src/build.ts';
import { cleanGitEnv } from '../src/room/git.ts';
import { openRoom } from '../src/room/room.ts';

const FAKE = [process.execPath, join(import.meta.dirname, 'fixtures/fake-grader.mjs')];
const ROOT = join(import.meta.dirname, '../../..');

let dir: string;
let log: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbu-room-'));
  log = join(dir, 'grader.log');
  process.env.FAKE_GRADER_LOG = log;
});
afterEach(() => {
  delete process.env.FAKE_GRADER_LOG;
  rmSync(dir, { recursive: true, force: true });
});

/** A participant's checkout: the uri-parser stub with `solved` marker lines. */
function checkout(path: string, solved: number, extra = ''): void {
  const src = join(path, 'katas/uri-parser/src');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'index.ts'), `${'// solved\n'.repeat(solved)}${extra}`);
}

const calls = (): string[][] =>
  readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);

const board = (room: ReturnType<typeof openRoom>) =>
  buildLeaderboard({
    inputs: [room.results],
    out: join(dir, 'site'),
    verify: room.verify,
    course: [],
    // As the room's own board does (room/cli.ts): its sealed files may be graded unsandboxed.
    allowUnsandboxed: true,
    copies: room.copies(),
  });

describe('npm run room -- --folders DIR', () => {
  it('grades each participant folder itself, once per change, and ranks the sealed results', async () => {
    const folders = join(dir, 'folders');
    checkout(join(folders, 'ann'), 6);
    checkout(join(folders, 'bob'), 2);
    const room = openRoom({
      folders: [folders],
      state: join(dir, 'state'),
      grader: FAKE,
      log: () => {},
    });

    expect(await room.tick()).toBe(2);
    expect(await room.tick()).toBe(0);
    expect(calls().map((c) => c[c.indexOf('--participant') + 1])).toEqual(['ann', 'bob']);
    expect(calls()[0]).toEqual(
      expect.arrayContaining(['--submission', join(folders, 'ann'), '--json']),
    );
    // The grader writes outside the board's folder: a file appears there only with its seal, so
    // a board polling during grading never reports a fresh result as unsealed.
    for (const call of calls()) {
      expect(call[call.indexOf('--json') + 1]!.startsWith(room.results)).toBe(false);
    }
    expect(readdirSync(join(dir, 'state', 'staging'))).toEqual([]);

    checkout(join(folders, 'bob'), 8);
    expect(await room.tick()).toBe(1);
    const report = board(room);
    expect(report.rejected).toEqual([]);
    expect(report.board.entries.map((e) => [e.participant, e.total, e.submissions])).toEqual([
      ['bob', 100, 2],
      ['ann', 75, 1],
    ]);
  });

  it('refuses a hand-edited results file and one it did not grade, naming the reason', async () => {
    const folders = join(dir, 'folders');
    checkout(join(folders, 'eve'), 1);
    const room = openRoom({
      folders: [folders],
      state: join(dir, 'state'),
      grader: FAKE,
      log: () => {},
    });
    await room.tick();
    const eveDir = join(room.results, 'eve');
    const [file] = readdirSync(eveDir).filter((f) => f.endsWith('.json'));
    // eve edits her own results to 100 / 100: still a valid results file, but not the one graded.
    const forged = readFileSync(join(eveDir, file!), 'utf8')
      .replace(/"score": 15/g, '"score": 100')
      .replace(/"passed": 0/g, '"passed": 3');
    writeFileSync(join(eveDir, file!), forged);
    // mallory drops a perfect results file in.
    writeFileSync(
      join(room.results, 'mallory.json'),
      JSON.stringify(
        buildResults({
          course: readCourse(ROOT),
          participant: 'mallory',
          timestamp: new Date().toISOString(),
          katas: { 'uri-parser': { score: 100 } },
          sandbox: true,
        }),
      ),
    );
    const report = board(room);
    expect(report.board.entries).toEqual([]);
    expect(report.rejected).toHaveLength(2);
    expect(report.rejected.find((r) => r.includes('eve'))).toMatch(/edited after grading/);
    expect(report.rejected.find((r) => r.includes('mallory'))).toMatch(/not graded by this room/);
  });

  // copy-check's solution-like fixtures are left out of the participant template (scripts/lib/
  // template/plan.ts): there this test has nothing to compare.
  const copyCheckFixtures = join(import.meta.dirname, '../../copy-check/test/fixtures/uri-parser');
  it.skipIf(!existsSync(copyCheckFixtures))(
    'lists participants whose code is the same as copy-check pairs',
    async () => {
      const folders = join(dir, 'folders');
      for (const who of ['ann', 'bob', 'cy']) {
        mkdirSync(join(folders, who, 'katas/uri-parser/src'), { recursive: true });
      }
      const style = (s: string) => join(copyCheckFixtures, s);
      cpSync(style('regex-driven'), join(folders, 'ann/katas/uri-parser/src'), { recursive: true });
      cpSync(style('regex-driven'), join(folders, 'bob/katas/uri-parser/src'), { recursive: true });
      cpSync(style('table-driven'), join(folders, 'cy/katas/uri-parser/src'), { recursive: true });
      const room = openRoom({
        folders: [folders],
        state: join(dir, 'state'),
        grader: FAKE,
        katas: ['uri-parser'],
        repository: ROOT,
        log: () => {},
      });
      await room.tick();
      expect(
        room
          .copies()
          .filter((p) => p.flagged)
          .map((p) => `${p.a}~${p.b}`),
      ).toEqual(['ann~bob']);
      const report = board(room);
      expect(readFileSync(join(dir, 'site/copies.csv'), 'utf8')).toMatch(
        /uri-parser,ann,bob,1\.00/,
      );
      expect(readFileSync(join(dir, 'site/index.html'), 'utf8')).toContain('Similar code: 1 pair');
      expect(report.board.entries).toHaveLength(3);
    },
  );
});

describe('npm run room -- --git REMOTE', () => {
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], {
      cwd,
      env: cleanGitEnv(dir),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };

  it('grades each pushed branch at its head, again only when the head moves, with no hook run', async () => {
    const remote = join(dir, 'remote.git');
    const work = join(dir, 'work');
    mkdirSync(work);
    git(dir, 'init', '--quiet', '--bare', remote);
    git(work, 'init', '--quiet', '-b', 'ann');
    checkout(work, 3);
    // A hook and a link out of the tree: neither may be used by the room.
    mkdirSync(join(work, '.githooks'));
    writeFileSync(join(work, '.githooks/post-checkout'), '#!/bin/sh\ntouch "$HOME/pwned"\n', {
      mode: 0o755,
    });
    spawnSync('ln', ['-s', '/etc/passwd', join(work, 'katas/uri-parser/src/passwd')]);
    git(work, 'add', '-A');
    git(work, 'commit', '--quiet', '-m', 'ann');
    git(work, 'push', '--quiet', remote, 'ann');
    git(work, 'checkout', '--quiet', '-b', 'bob');
    checkout(work, 5);
    git(work, 'commit', '--quiet', '-am', 'bob');
    git(work, 'push', '--quiet', remote, 'bob');

    const state = join(dir, 'state');
    const room = openRoom({ remotes: [remote], state, grader: FAKE, log: () => {} });
    expect(await room.tick()).toBe(2);
    expect(await room.tick()).toBe(0);
    expect(readdirSync(join(state, 'checkouts/ann/katas/uri-parser/src'))).toEqual(['index.ts']);

    git(work, 'checkout', '--quiet', 'ann');
    checkout(work, 7);
    git(work, 'commit', '--quiet', '-am', 'ann again');
    git(work, 'push', '--quiet', remote, 'ann');
    expect(await room.tick()).toBe(1);
    expect(board(room).board.entries.map((e) => [e.participant, e.total])).toEqual([
      // uri-parser's weights (kata.json): seven stages are 88 points, five are 67.
      ['ann', 88],
      ['bob', 67],
    ]);
    expect(readdirSync(dir)).not.toContain('pwned');
  });
});
