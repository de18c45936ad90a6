/**
 * "One kata, one layout", checked for every kata by the self-check (so new katas follow):
 *
 * 1. numbered spec files: every `test/*.spec.ts` is `N-topic.spec.ts` or
 *    `N-topic.property.spec.ts`, N is a stage of kata.json, and each top-level `describe` in the
 *    file is that stage's title `'N. Title'` (one stage per file);
 * 2. error codes through kata-kit: no spec file or test helper asserts an error by itself
 *    (`.toThrow(…)` with an argument, `.rejects.…`, `.toThrowError`, `objectContaining({ code`,
 *    `toMatchObject({ code`, `.code).toBe`); they call `@hbu/kata-kit/expect-code` (`expectCode`,
 *    `expectRejectCode`, `expectErrorCode`, `codeOf`) or a kata helper that wraps it;
 * 3. hint pointers: every spec file points at least once at HINTS.md through `hint(N, …)` from
 *    kata-kit, every `hint(N` names a stage that has a HINTS.md section, and no spec spells a
 *    pointer by hand (`(HINTS.md §N)` in a literal), so the reporter can find each one;
 * 4. deterministic properties: every `fc.assert(…)` in a spec file or test helper passes
 *    `fcParams(…)` from `@hbu/kata-kit/fc` among its arguments (seed, runs, failure report);
 * 5. no costly arbitraries: no `unit: 'binary'` (fast-check builds its tables in 1–2 s; use
 *    `codePointString` from `@hbu/kata-kit/arbitraries`) and no `fc.webUrl(` (0.9 s), which every
 *    run of the kata pays, the stub's included.
 *
 * Static checks over the text of the files: fast, and they run before any spec does. (The compact
 * reporter also points a failure without its own pointer at its stage's HINTS.md section.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KataJson, readJson, stageTitle } from '../../packages/kata-kit/src/course.ts';

const SPEC_NAME = /^(\d+)-[a-z0-9]+(?:-[a-z0-9]+)*(?:\.property)?\.spec\.ts$/;
const rawError = (what: string): string =>
  `asserts an error with ${what}; use expectCode/expectRejectCode/codeOf from @hbu/kata-kit/expect-code`;
/** Patterns no file under a kata's test/ may contain, each with what to do instead. */
const REFUSED_PATTERNS: Array<[RegExp, string]> = [
  [/\.toThrow\(\s*[^)\s]/, rawError('.toThrow(…) with an argument')],
  [/\.toThrowError\(/, rawError('.toThrowError(…)')],
  [/\.rejects\./, rawError('.rejects.…')],
  [/objectContaining\(\{\s*code\b/, rawError('objectContaining({ code … })')],
  [/toMatchObject\(\{\s*code\b/, rawError('toMatchObject({ code … })')],
  [/\.code\)\.toBe\(/, rawError('expect(error.code).toBe(…)')],
  [
    /unit:\s*['"]binary['"]/,
    "fc.string({ unit: 'binary' }) costs 1–2 s to build; use codePointString from @hbu/kata-kit/arbitraries",
  ],
  [/\bfc\.webUrl\(/, 'fc.webUrl() costs 0.9 s to build; use webUri from @hbu/kata-kit/uri-grammar'],
];

/** The text of the call that opens at `open` (the index of its "("), to the matching ")". */
function callText(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

function filesIn(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f) && !f.split('/').includes('fixtures'))
    .sort();
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export function checkKataLayout(root: string, slug: string): string[] {
  const problems: string[] = [];
  const kataDir = join(root, 'katas', slug);
  const testDir = join(kataDir, 'test');
  const kata = readJson<KataJson>(join(kataDir, 'kata.json'));
  const hintsFile = join(kataDir, 'HINTS.md');
  const hintSections = new Set(
    existsSync(hintsFile)
      ? [...readFileSync(hintsFile, 'utf8').matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1]))
      : [],
  );
  const specs = filesIn(testDir, /\.spec\.ts$/);
  if (specs.length === 0) problems.push(`${slug}: no spec files in test/`);

  for (const file of filesIn(testDir, /\.ts$/)) {
    const where = `katas/${slug}/test/${file}`;
    const text = readFileSync(join(testDir, file), 'utf8');
    for (const [pattern, what] of REFUSED_PATTERNS) {
      const m = pattern.exec(text);
      if (m !== null) problems.push(`${where}:${lineOf(text, m.index)}: ${what}`);
    }
    for (const m of text.matchAll(/\bfc\.assert\(/g)) {
      if (!/\bfcParams\(/.test(callText(text, m.index + m[0].length - 1))) {
        problems.push(
          `${where}:${lineOf(text, m.index)}: fc.assert without fcParams(n) from @hbu/kata-kit/fc (seed, runs, failure report)`,
        );
      }
    }
    if (!file.endsWith('.spec.ts')) continue;

    const name = file.split('/').at(-1) ?? file;
    const numbered = SPEC_NAME.exec(name);
    const stage =
      numbered === null ? undefined : kata.stages.find((s) => s.id === Number(numbered[1]));
    if (numbered === null || file.includes('/')) {
      problems.push(
        `${where}: spec files are test/N-topic.spec.ts or test/N-topic.property.spec.ts`,
      );
    } else if (stage === undefined) {
      problems.push(`${where}: ${numbered[1]} is not a stage of kata.json`);
    } else {
      const title = stageTitle(stage);
      const tops = [...text.matchAll(/^describe(?:\.\w+)?\(\s*(['"`])(.*?)\1/gm)].map((m) => m[2]);
      if (tops.length === 0) problems.push(`${where}: no top-level describe('${title}')`);
      for (const top of tops) {
        if (top !== title) {
          problems.push(
            `${where}: top-level describe '${top}' must be '${title}' (one stage per file)`,
          );
        }
      }
    }

    const pointers = [...text.matchAll(/\bhint\(\s*(\d+)\s*,/g)];
    if (pointers.length === 0) {
      problems.push(
        `${where}: no hint pointer; give failures hint(N, 'what to look at') from @hbu/kata-kit/expect-code`,
      );
    }
    for (const p of pointers) {
      if (!hintSections.has(Number(p[1]))) {
        problems.push(
          `${where}:${lineOf(text, p.index)}: hint(${p[1]}, …) but HINTS.md has no section ## ${p[1]}.`,
        );
      }
    }
    const literal = /HINTS\.md §/.exec(text);
    if (literal !== null) {
      problems.push(
        `${where}:${lineOf(text, literal.index)}: a hand-written HINTS.md pointer; use hint(N, text)`,
      );
    }
  }
  return problems;
}
