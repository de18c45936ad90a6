/**
 * Watch mode in a real terminal: `npm run watch` in a copy of uri-parser, inside tmux. The pane is
 * captured after the first run, after saving one spec file and after saving the stub; each time
 * the screen must hold exactly one board (the compact reporter clears the screen and its
 * scrollback, then redraws), and a save must re-run only the spec files it touches.
 *
 * The latencies (save → the new summary line on screen) are printed, not asserted: the machine
 * may be shared. The captures land in `.self-check/watch-tmux/` for a person to read.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasTmux) {
  console.warn(
    'watch-tmux: skipped, tmux is not installed (apt-get install tmux; .ci/run installs it)',
  );
}

/** One tmux server of our own (-L), so nothing else running on the machine is touched. */
const socket = `kata-watch-${process.pid}`;
const session = 'watch';
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
/** The visible screen, or with `history` every line tmux kept (the scrollback too). */
const capture = (history = false): string =>
  tmux('capture-pane', '-p', '-t', session, ...(history ? ['-S', '-'] : []));

const SUMMARY = /^[✓✗] uri-parser: (\d+)\/(\d+) tests .*$/m;
const FOOTER = /^watching: save a file to re-run/m;
const RERAN = /^↻ re-ran (\d+) spec files?: (.+) changed$/m;

/** Polls the screen until `done` holds; returns the screen and the seconds it took. */
async function waitFor(
  what: string,
  done: (screen: string) => boolean,
  timeoutMs: number,
): Promise<{ screen: string; seconds: number }> {
  const start = performance.now();
  for (;;) {
    const screen = capture();
    if (done(screen)) return { screen, seconds: (performance.now() - start) / 1000 };
    if (performance.now() - start > timeoutMs) {
      throw new Error(`${what}: not on screen after ${timeoutMs} ms; the pane shows:\n${screen}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function summaryOf(screen: string): string {
  return SUMMARY.exec(screen)?.[0] ?? '';
}

/** One board, one summary, one footer in everything tmux kept, and none of vitest's own lines. */
function expectOneBoard(history: string): void {
  const lines = history.split('\n');
  expect(lines.filter((l) => SUMMARY.test(l)).length, history).toBe(1);
  expect(lines.filter((l) => l === 'uri-parser').length, history).toBe(1);
  expect(lines.filter((l) => FOOTER.test(l)).length, history).toBe(1);
  expect(lines.filter((l) => RERAN.test(l)).length, history).toBeLessThanOrEqual(1);
  expect(history).not.toMatch(/RERUN|Test Files|Waiting for file changes|re-running…/);
}

describe.skipIf(!hasTmux)('npm run watch in a real terminal (tmux)', () => {
  const work = mkdtempSync(join(tmpdir(), 'kata-watch-'));
  const kata = join(work, 'katas', 'uri-parser');
  const out = join(root, '.self-check', 'watch-tmux');
  const latencies: string[] = [];

  beforeAll(async () => {
    mkdirSync(join(work, 'katas'));
    cpSync(join(root, 'katas', 'uri-parser'), kata, {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    // The kata's config and specs reach kata-kit by ../../packages and node_modules.
    symlinkSync(join(root, 'packages'), join(work, 'packages'));
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
    mkdirSync(out, { recursive: true });
    const env = `KATA_PROGRESS_FILE=${join(work, 'progress.json')} KATA_IMPL=participant`;
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '110',
      '-y',
      '50',
      '-c',
      kata,
      `env -u CI -u GITHUB_ACTIONS ${env} npm run watch`,
    );
    const first = await waitFor('the first board', (s) => FOOTER.test(s), 120_000);
    latencies.push(`first run: ${first.seconds.toFixed(2)} s`);
    writeFileSync(join(out, '1-first-run.txt'), capture(true));
  }, 150_000);

  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    rmSync(work, { recursive: true, force: true });
    if (latencies.length > 0) {
      writeFileSync(join(out, 'latencies.txt'), `${latencies.join('\n')}\n`);
      console.log(`watch latencies (save → new board): ${latencies.join('; ')}`);
    }
  });

  it('draws one board on the first run, with the stub failing every test', () => {
    const history = capture(true);
    expectOneBoard(history);
    const [, passed, total] = SUMMARY.exec(history)!;
    expect(Number(passed)).toBe(0);
    expect(Number(total)).toBeGreaterThan(300);
    expect(history).toContain('Stage 1. Split a URI into components — read README §1');
  });

  it('re-runs only the saved spec file and redraws the board in place', async () => {
    const before = summaryOf(capture());
    const [, , total] = SUMMARY.exec(before)!;
    appendFileSync(
      join(kata, 'test', '3-percent.spec.ts'),
      "\ndescribe('3. Percent-encoding', () => {\n  it('is watched', () => {});\n});\n",
    );
    const after = await waitFor(
      'the board after saving test/3-percent.spec.ts',
      (s) => summaryOf(s).includes(`1/${Number(total) + 1} tests`) && RERAN.test(s),
      60_000,
    );
    latencies.push(`one spec file saved: ${after.seconds.toFixed(2)} s`);
    const history = capture(true);
    writeFileSync(join(out, '2-after-spec-save.txt'), history);
    expectOneBoard(history);
    expect(RERAN.exec(after.screen)?.slice(1)).toEqual(['1', 'test/3-percent.spec.ts']);
    // The other stages keep their results: the run touched stage 3 alone.
    expect(history).toMatch(/3\. Percent-encoding\s+\S+ 1\/\d+/);
  }, 90_000);

  it('re-runs the spec files that import the stub when it is saved, and redraws in place', async () => {
    const before = summaryOf(capture());
    const stub = join(kata, 'src', 'index.ts');
    writeFileSync(stub, `${readFileSync(stub, 'utf8')}\n// saved\n`);
    const after = await waitFor(
      'the board after saving src/index.ts',
      (s) => RERAN.exec(s)?.[2] === 'src/index.ts' && summaryOf(s) !== '',
      90_000,
    );
    latencies.push(`stub saved (whole kata): ${after.seconds.toFixed(2)} s`);
    const history = capture(true);
    writeFileSync(join(out, '3-after-stub-save.txt'), history);
    expectOneBoard(history);
    expect(Number(RERAN.exec(after.screen)?.[1])).toBeGreaterThan(1);
    expect(summaryOf(after.screen).replace(/ · [\d.]+ s$/, '')).toBe(
      before.replace(/ · [\d.]+ s$/, ''),
    );
  }, 120_000);
});

describe.skipIf(!hasTmux)(
  'npm run kata -- watch <slug> --stage N in a real terminal (tmux)',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'kata-watch-stage-'));
    const kata = join(work, 'katas', 'uri-parser');
    const out = join(root, '.self-check', 'watch-tmux');
    const stageSession = 'stage';
    const grab = (): string => tmux('capture-pane', '-p', '-t', stageSession, '-S', '-');

    afterAll(() => {
      spawnSync('tmux', ['-L', socket, 'kill-session', '-t', stageSession], { stdio: 'ignore' });
      rmSync(work, { recursive: true, force: true });
    });

    it('re-runs only the stage it watches when the stub is saved', async () => {
      mkdirSync(join(work, 'katas'));
      cpSync(join(root, 'katas', 'uri-parser'), kata, {
        recursive: true,
        filter: (src) => !src.includes('node_modules'),
      });
      symlinkSync(join(root, 'packages'), join(work, 'packages'));
      symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
      // What `npm run kata -- watch uri-parser --stage 4` runs in the kata (scripts/kata/run-kata.ts).
      const env = `KATA_PROGRESS_FILE=${join(work, 'progress.json')} KATA_IMPL=participant`;
      const command = `env -u CI -u GITHUB_ACTIONS ${env} node ../../packages/kata-kit/bin/vitest.mjs test/4-`;
      tmux('new-session', '-d', '-s', stageSession, '-x', '110', '-y', '50', '-c', kata, command);
      const start = performance.now();
      while (!FOOTER.test(grab())) {
        if (performance.now() - start > 120_000) throw new Error(`no board:\n${grab()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const stub = join(kata, 'src', 'index.ts');
      writeFileSync(stub, `${readFileSync(stub, 'utf8')}\n// saved\n`);
      const saved = performance.now();
      while (RERAN.exec(grab())?.[2] !== 'src/index.ts') {
        if (performance.now() - saved > 90_000) throw new Error(`no re-run:\n${grab()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = (performance.now() - saved) / 1000;
      const history = grab();
      writeFileSync(join(out, '4-stage-4-after-stub-save.txt'), history);
      appendFileSync(
        join(out, 'latencies.txt'),
        `stub saved (--stage 4): ${seconds.toFixed(2)} s\n`,
      );
      console.log(`watch --stage 4, stub saved → new board: ${seconds.toFixed(2)} s`);
      // Stage 4 has two spec files (4-resolve, 4-rootless-paths); nothing else re-ran.
      expect(RERAN.exec(history)?.[1]).toBe('2');
      expect(history.split('\n').filter((l) => SUMMARY.test(l)).length, history).toBe(1);
    }, 240_000);
  },
);
