/**
 * "No solution line in any file": the non-trivial code lines of `reference/` that the shipped
 * stubs do not already carry (interface lines — error classes, types — are in both), and where any
 * of them appears in a tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !join(e.parentPath, e.name).includes('node_modules'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * A line that says something of a solution: code of 32 characters or more; not a comment, an
 * import, or a line that only opens a block or a call (`for (const x of xs) {`: idioms every file
 * shares).
 */
export function nonTrivial(line: string): boolean {
  const t = line.trim();
  return (
    t.length >= 32 &&
    /[A-Za-z]/.test(t) &&
    !/^(\/\/|\/\*|\*|import\b|\} from )/.test(t) &&
    !/[{([,]$/.test(t)
  );
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');

/**
 * The solution lines of the source at `root`, trimmed: non-trivial lines of `reference/` that no
 * file of `katas/` or of the shared tooling carries. What katas/ shows participants (the stubs' interface, a spec's model of
 * an HMAC) is theirs already; a solution pasted into a stub is the self-check's "stubs" step's to
 * catch (the specs would pass against it).
 */
export function solutionLines(root: string): Set<string> {
  const stubs = new Set<string>();
  // The shared tooling (kata-kit, crutches, grader, scripts) is written apart from the references;
  // a one-line idiom it shares with them (`if (m === null) return undefined;`) is not a solution.
  // Copying a reference file into the tooling would not be caught here: review catches that.
  for (const dir of ['katas', 'packages', 'grader', 'scripts']) {
    for (const file of walk(join(root, dir)).filter(
      (f) => !f.includes(`${join(root, 'scripts/lib/template')}`),
    )) {
      for (const line of lines(file)) stubs.add(line.trim());
    }
  }
  const solution = new Set<string>();
  for (const file of walk(join(root, 'reference')).filter((f) => /\.[cm]?[jt]s$/.test(f))) {
    for (const line of lines(file)) {
      if (nonTrivial(line) && !stubs.has(line.trim())) solution.add(line.trim());
    }
  }
  return solution;
}

export interface Leak {
  file: string;
  line: number;
  text: string;
}

/** Every line of every file under `dir` that is one of `solution`. */
export function findLeaks(dir: string, solution: Set<string>): Leak[] {
  const leaks: Leak[] = [];
  for (const file of walk(dir)) {
    if (file.includes(`${join(dir, '.git')}`)) continue;
    lines(file).forEach((text, i) => {
      if (solution.has(text.trim())) leaks.push({ file: relative(dir, file), line: i + 1, text });
    });
  }
  return leaks;
}
