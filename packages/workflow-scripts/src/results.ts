/**
 * Reading a results artifact as untrusted data: only regular files (no symlinks out of the temp
 * folder), a size limit, then the results contract (@hbu/results: the zod schema) and the
 * leaderboard's checks against THIS checkout's course (katas.json, kata.json): known katas, sums
 * that add up, a commit, and a run made in the sandbox.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LIMITS, type ResultFacts, validateResults } from '@hbu/leaderboard';
import { type CourseKata, readCourse } from '@hbu/results';

const repoRoot = resolve(import.meta.dirname, '../../..');
let course: CourseKata[] | undefined;

export type Checked =
  | { ok: true; facts: ResultFacts; doc: Record<string, unknown> }
  | { ok: false; error: string };

/** Reads `<dir>/<name>` as an untrusted artifact file. */
export function readArtifactFile(
  dir: string,
  name: string,
): { ok: true; text: string } | { ok: false; error: string } {
  const file = join(dir, name);
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch {
    return { ok: false, error: `${name}: missing from the artifact` };
  }
  if (!stat.isFile())
    return { ok: false, error: `${name}: not a regular file (symlinks are refused)` };
  if (stat.size > LIMITS.fileBytes)
    return { ok: false, error: `${name}: ${stat.size} bytes is over the limit` };
  return { ok: true, text: readFileSync(file, 'utf8') };
}

export function checkResults(text: string, label: string): Checked {
  course ??= readCourse(repoRoot);
  const v = validateResults(text, label, { course, requireSandbox: true, requireCommit: true });
  if (!v.ok) return { ok: false, error: v.error };
  return { ok: true, facts: v.result, doc: JSON.parse(text) as Record<string, unknown> };
}
