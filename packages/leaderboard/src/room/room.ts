/**
 * The room without GitHub: the instructor's machine grades every participant itself — each
 * checkout folder, or each branch pushed to a git remote — with this repository's grader (in its
 * sandbox), seals the results it wrote, and the board ranks sealed results only. A participant's
 * own results file proves nothing and is never read.
 */
import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { type CopyPair, checkCopies } from '@hbu/copy-check';
import { availableKatas } from '@hbu/kata-kit/course';
import { REPO_ROOT } from '../course.ts';
import { exportHead, fetchHeads } from './git.ts';
import { checkSeal, roomKey, seal } from './sign.ts';

export interface RoomOptions {
  /** Folders of checkouts: each subfolder is one participant (its name is theirs). */
  folders?: string[];
  /** Git remotes (paths or URLs): each branch is one participant. */
  remotes?: string[];
  /** The room's own folder: key, results, mirror, exported checkouts. */
  state: string;
  /** The grading command; `--submission DIR --json FILE --participant NAME` are appended. */
  grader?: string[];
  /** Katas to grade (default: all the grader grades). */
  katas?: string[];
  repository?: string;
  log?: (line: string) => void;
}

export interface Participant {
  name: string;
  dir: string;
  /** What was graded: a commit, or a digest of the kata sources' names, sizes and times. */
  version: string;
}

export interface Room {
  results: string;
  /** Why a results file is not trusted, or null. */
  verify: (file: string) => string | null;
  /** Grades every participant whose code changed since last graded; resolves to how many. */
  tick: () => Promise<number>;
  /** The copy-check pairs over the current checkouts (recomputed after a grading round). */
  copies: () => CopyPair[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const DEFAULT_GRADER = ['npm', 'run', '--silent', 'grade', '--'];

/** A cheap version of a folder checkout: every file under katas/, by name, size and mtime. */
function folderVersion(dir: string): string {
  const parts: string[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(path, name);
      const s = lstatSync(p);
      if (s.isDirectory()) walk(p);
      else if (s.isFile()) parts.push(`${relative(dir, p)}:${s.size}:${s.mtimeMs}`);
    }
  };
  if (existsSync(join(dir, 'katas'))) walk(join(dir, 'katas'));
  return parts.join('\n');
}

function run(command: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (c: Buffer) => {
      output = (output + c.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => resolve({ code: -1, output: e.message }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

export function openRoom(options: RoomOptions): Room {
  const log = options.log ?? ((l: string) => console.log(l));
  const repository = options.repository ?? REPO_ROOT;
  const results = join(options.state, 'results');
  mkdirSync(results, { recursive: true });
  const key = roomKey(join(options.state, 'room.key'));
  const gradedFile = join(options.state, 'graded.json');
  const graded: Record<string, string> = existsSync(gradedFile)
    ? (JSON.parse(readFileSync(gradedFile, 'utf8')) as Record<string, string>)
    : {};
  let current: Participant[] = [];
  let copies: CopyPair[] = [];

  const discover = (): Participant[] => {
    const found = new Map<string, Participant>();
    for (const folder of options.folders ?? []) {
      for (const name of readdirSync(folder).sort()) {
        const dir = join(folder, name);
        if (!NAME.test(name) || !lstatSync(dir).isDirectory()) continue;
        found.set(name.toLowerCase(), { name, dir, version: folderVersion(dir) });
      }
    }
    for (const remote of options.remotes ?? []) {
      for (const head of fetchHeads(remote, options.state)) {
        const dir = join(options.state, 'checkouts', head.branch);
        found.set(head.branch.toLowerCase(), { name: head.branch, dir, version: head.sha });
      }
    }
    return [...found.values()];
  };

  const gradeOne = async (p: Participant): Promise<boolean> => {
    if (options.remotes?.length && p.dir.startsWith(join(options.state, 'checkouts'))) {
      exportHead(options.state, p.version, p.dir);
    }
    const folder = join(results, p.name.toLowerCase());
    mkdirSync(folder, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    // The grader writes outside the board's folder; the file moves in only once sealed (seal
    // first, then the results, each by rename), so the board never sees it unsealed.
    const staging = join(options.state, 'staging');
    mkdirSync(staging, { recursive: true });
    const out = join(staging, `${p.name.toLowerCase()}-${name}`);
    const command = [
      ...(options.grader ?? DEFAULT_GRADER),
      ...(options.katas ?? []),
      '--submission',
      p.dir,
      '--json',
      out,
      '--participant',
      p.name,
    ];
    const { code, output } = await run(command, repository);
    if (!existsSync(out)) {
      log(
        `room: grading ${p.name} wrote no results (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`,
      );
      return false;
    }
    seal(key, out);
    renameSync(`${out}.sig`, join(folder, `${name}.sig`));
    renameSync(out, join(folder, name));
    log(`room: graded ${p.name} (exit ${code})`);
    return true;
  };

  return {
    results,
    verify: (file) => checkSeal(key, file),
    copies: () => copies,
    tick: async () => {
      current = discover();
      let count = 0;
      for (const p of current) {
        if (graded[p.name.toLowerCase()] === p.version) continue;
        if (await gradeOne(p)) count += 1;
        // Recorded even when grading failed: the same code is not graded again until it changes.
        graded[p.name.toLowerCase()] = p.version;
        writeFileSync(gradedFile, `${JSON.stringify(graded, null, 2)}\n`);
      }
      if (count > 0 || copies.length === 0) {
        const katas = options.katas ?? availableKatas(repository).map((k) => k.slug);
        copies = checkCopies({
          repository,
          katas,
          checkouts: current
            .filter((p) => existsSync(p.dir))
            .map(({ name, dir }) => ({ name, dir })),
        }).pairs;
      }
      return count;
    },
  };
}
