/**
 * The semantic half of validating a results file: does it add up against the TRUSTED course
 * (katas.json and each kata's kata.json read from the reader's own checkout, never from the
 * file)? Known slugs only, each kata's maximum from its weights, the stages exactly the kata's,
 * each stage's score from its pass count, sums that add up, statuses consistent with scores,
 * tests consistent with stages, a commit, and (for rankings) a sandboxed run.
 */
import { join } from 'node:path';
import { availableKatas, type KataJson, readJson, stageTitle } from '@hbu/kata-kit/course';
import type { Results } from './schema.ts';

export interface CourseKata {
  slug: string;
  stages: Array<{ id: number; title: string; weight: number }>;
}

/** The trusted course: available katas and their stages. */
export function readCourse(root: string): CourseKata[] {
  return availableKatas(root).map((entry) => {
    const kata = readJson<KataJson>(join(root, 'katas', entry.slug, 'kata.json'));
    return { slug: entry.slug, stages: kata.stages };
  });
}

export interface CheckOptions {
  /** Refuse results graded outside the sandbox (leaderboard, history, score comment). */
  requireSandbox?: boolean;
  /** Refuse results without a commit. */
  requireCommit?: boolean;
}

/** Differences below this are rounding (scores are rounded to 4 decimals). */
const EPSILON = 0.01;
const near = (a: number, b: number): boolean => Math.abs(a - b) <= EPSILON;

/** Every reason the results do not add up against the course; empty when they do. */
export function checkAgainstCourse(
  results: Results,
  course: CourseKata[],
  options: CheckOptions = {},
): string[] {
  const problems: string[] = [];
  if (options.requireSandbox && !results.sandbox) {
    problems.push('graded outside the sandbox (sandbox: false): not accepted here');
  }
  if (options.requireCommit && results.git.commit === null) {
    problems.push('git.commit is null: the graded commit is required');
  }
  const known = new Map(course.map((k) => [k.slug, k]));
  const seen = new Set<string>();
  for (const [i, kata] of results.katas.entries()) {
    const where = `katas[${i}] (${kata.slug})`;
    const trusted = known.get(kata.slug);
    if (trusted === undefined) {
      problems.push(`${where}: not a kata of this course`);
      continue;
    }
    if (seen.has(kata.slug)) problems.push(`${where}: appears twice`);
    seen.add(kata.slug);
    const max = trusted.stages.reduce((sum, s) => sum + s.weight, 0);
    if (!near(kata.max_score, max)) {
      problems.push(`${where}: max_score ${kata.max_score}, but its stage weights sum to ${max}`);
    }
    const ids = kata.stages.map((s) => s.id).join(',');
    if (ids !== trusted.stages.map((s) => s.id).join(',')) {
      problems.push(`${where}: stages [${ids}] are not the kata's`);
      continue;
    }
    let sum = 0;
    for (const [j, stage] of kata.stages.entries()) {
      const want = trusted.stages[j]!;
      const at = `${where}.stages[${j}]`;
      if (!near(stage.weight, want.weight) || !near(stage.max_score, want.weight)) {
        problems.push(`${at}: weight/max_score ${stage.max_score}, the kata says ${want.weight}`);
      }
      if (stage.passed > stage.total)
        problems.push(`${at}: passed ${stage.passed} > total ${stage.total}`);
      const earned =
        kata.status === 'graded' && stage.total > 0
          ? (want.weight * stage.passed) / stage.total
          : 0;
      if (!near(stage.score, earned)) {
        problems.push(
          `${at}: score ${stage.score}, but ${stage.passed}/${stage.total} of ${want.weight} is ${earned}`,
        );
      }
      sum += stage.score;
      const tests = results.tests.filter(
        (t) => t.kata === kata.slug && t.task_id === want.id && t.max_score > 0,
      );
      if (
        results.tests.length > 0 &&
        (tests.length !== stage.total ||
          tests.filter((t) => t.status === 'pass').length !== stage.passed)
      ) {
        problems.push(
          `${at}: its tests (${tests.length}) do not match passed/total ${stage.passed}/${stage.total}`,
        );
      }
      const title = stageTitle(want);
      if (tests.some((t) => !t.name.startsWith(`${title} › `))) {
        problems.push(`${at}: a test of this stage is not under "${title}"`);
      }
    }
    if (!near(kata.score, sum))
      problems.push(`${where}: score ${kata.score} is not the sum of its stages (${sum})`);
    if (kata.status !== 'graded' && kata.score !== 0) {
      problems.push(`${where}: status ${kata.status} with score ${kata.score} (must be 0)`);
    }
  }
  const total = results.katas.reduce((s, k) => s + k.score, 0);
  const totalMax = results.katas.reduce((s, k) => s + k.max_score, 0);
  if (!near(results.score, total))
    problems.push(`score ${results.score} is not the sum of the katas (${total})`);
  if (!near(results.max_score, totalMax)) {
    problems.push(`max_score ${results.max_score} is not the sum of the katas' (${totalMax})`);
  }
  for (const t of results.tests) {
    if (!seen.has(t.kata) && known.has(t.kata))
      problems.push(`a test of ${t.kata}, which is not in katas`);
    if (!known.has(t.kata)) problems.push(`a test of an unknown kata "${t.kata.slice(0, 40)}"`);
    if (t.score > t.max_score + 1e-9 || (t.score > 0 && t.status !== 'pass')) {
      problems.push(`test "${t.name.slice(0, 80)}": score ${t.score} with status ${t.status}`);
    }
  }
  return [...new Set(problems)].slice(0, 20);
}
