/**
 * How the compact reporter shows one failing test:
 *
 *   ✗ 4. Resolve references › resolves "../../../g" against http://a/b/c/d;p?q
 *     expected: "http://a/g"
 *     received: "http://a/../g"
 *     hint: remove_dot_segments must not climb above the root (HINTS.md §4)
 *
 * The hint is the pointer the spec gave (`hint(N, text)` from expect-code); a failure without
 * one still points at its stage's section of HINTS.md, so every failure names where to read.
 */
import { inspect } from 'node:util';
import pc from 'picocolors';
import { clip } from './stage-board.ts';

/** The parts of a vitest TestError the reporter reads. */
export interface FailureError {
  name?: string;
  message: string;
  expected?: string;
  actual?: string;
  diff?: string;
}

export interface Failure {
  stage: number;
  /** `4. Resolve references › with dot segments › resolves …` */
  title: string;
  errors: FailureError[];
}

const HINT = /;?\s*hint: (.*?) \(HINTS\.md §(\d+)\)/s;
// The stub's sentence starts after the last ": " or "; " before it (an assertion's or an error
// name's prefix); what it names may hold commas and colons: `router.match("GET", "/users")`,
// `parse("http://a")`.
const NOT_IMPLEMENTED = /((?:[^\n:;]|[:;](?! ))*? is not implemented yet — see README §\d+)/;
const MAX_DIFF_LINES = 8;
const MAX_MESSAGE_LINES = 4;

const ANSI = /\x1b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** The hint pointer inside a failure message, or undefined. */
export function findHint(message: string): { text: string; stage: number } | undefined {
  const m = HINT.exec(message);
  return m === null ? undefined : { text: m[1] ?? '', stage: Number(m[2]) };
}

/** The "… is not implemented yet — see README §N" sentence a stub threw, if that is the failure. */
export function notImplementedIn(message: string): string | undefined {
  return NOT_IMPLEMENTED.exec(message)?.[1]?.trim();
}

/**
 * An expected or received value as text. Typed as strings, but vitest leaves numbers as they are
 * (toBeLessThan(2000) has expected 2000), and a serialized class or error (toBeInstanceOf) is an
 * object without a prototype, which `String()` cannot convert.
 */
function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 2 });
}

function oneLine(value: string): boolean {
  return !value.includes('\n');
}

export function formatFailure(failure: Failure, width: number): string[] {
  const lines = [`${pc.red('✗')} ${shortTitle(failure.title, width - 2)}`];
  const pad = (s: string): string => `    ${s}`;
  const inner = width - 4;
  const error = failure.errors[0];
  if (error === undefined) return lines;
  const message = stripAnsi(error.message);
  const pointer = findHint(message);
  const stub = notImplementedIn(message);
  if (stub !== undefined) {
    lines.push(pad(pc.yellow(clip(stub, inner))));
  } else {
    const expected = error.expected === undefined ? undefined : shown(error.expected);
    const actual = error.actual === undefined ? undefined : shown(error.actual);
    const text = message
      .replace(HINT, '')
      .replace(/\s*\(HINTS\.md §\d+\)/g, '')
      .replace(/^\s*:\s*/, '');
    const said = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    // "expected 'a' to be 'b'" only repeats the expected/received lines below.
    const repeats = expected !== undefined && /^expected .* to /.test(said[0] ?? '');
    for (const l of (repeats ? said.slice(1) : said).slice(0, MAX_MESSAGE_LINES)) {
      lines.push(pad(clip(l, inner)));
    }
    if (said.length === 0) lines.push(pad(error.name ?? 'failed'));
    if (expected !== undefined && actual !== undefined) {
      if (oneLine(expected) && oneLine(actual)) {
        lines.push(pad(`${pc.green('expected:')} ${clip(expected, inner - 10)}`));
        lines.push(pad(`${pc.red('received:')} ${clip(actual, inner - 10)}`));
      } else if (error.diff !== undefined) {
        const diff = stripAnsi(error.diff)
          .split('\n')
          .filter((l) => l.trim() !== '');
        const changed = diff.filter((l) => /^[-+] /.test(l) || /^[-+]$/.test(l));
        const shown = (changed.length > 0 ? changed : diff).slice(0, MAX_DIFF_LINES);
        for (const l of shown) {
          const colour = l.startsWith('-') ? pc.green : l.startsWith('+') ? pc.red : pc.dim;
          lines.push(pad(colour(clip(l, inner))));
        }
        const more = (changed.length > 0 ? changed : diff).length - shown.length;
        if (more > 0) lines.push(pad(pc.dim(`… ${more} more changed lines (--verbose shows all)`)));
      }
    }
  }
  const hintLine =
    pointer === undefined
      ? `hint: HINTS.md §${failure.stage}`
      : `hint: ${pointer.text} (HINTS.md §${pointer.stage})`;
  lines.push(pad(pc.cyan(clip(hintLine, inner))));
  return lines;
}

/** `stage › describe › test`, dropping middle describes before clipping the test's own name. */
export function shortTitle(title: string, width: number): string {
  if (title.length <= width) return title;
  const parts = title.split(' › ');
  if (parts.length <= 2) return clip(title, width);
  return clip(`${parts[0]} › … › ${parts.at(-1)}`, width);
}
