/**
 * The ONE fixture builder of results files, for every package's tests: a document that passes
 * the schema and adds up against its course, from a few facts (per-stage pass counts). Tests
 * that need a forgery start from it and change one field.
 */
import type { CourseKata } from './course-check.ts';
import { type KataResult, type Results, SCHEMA_VERSION, type TestResult } from './schema.ts';

export interface KataFacts {
  /** [passed, total] per stage of the kata, in order. */
  stages?: Array<[number, number]>;
  /** Or a score: whole stages completed for each stage's share (4 stages of 25 by default). */
  score?: number;
  status?: KataResult['status'];
  title?: string;
  order?: number;
}

export interface ResultsFacts {
  participant?: string;
  timestamp?: string;
  commit?: string | null;
  sandbox?: boolean;
  impl?: Results['impl'];
  katas: Record<string, KataFacts>;
  /** The course the katas belong to; default: each kata 4 stages of 25 points (fixtureCourse). */
  course?: CourseKata[];
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** A course of made-up katas, each with `stages` stages of equal weight summing to 100. */
export function fixtureCourse(slugs: string[], stages = 4): CourseKata[] {
  return slugs.map((slug) => ({
    slug,
    stages: Array.from({ length: stages }, (_, i) => ({
      id: i + 1,
      title: `Stage ${i + 1}`,
      weight: 100 / stages,
    })),
  }));
}

/** The smallest [passed, total] (total ≤ 200) whose ratio is `fraction`, or the nearest. */
function ratio(fraction: number): [number, number] {
  for (let total = 1; total <= 200; total++) {
    const passed = Math.round(fraction * total);
    if (Math.abs(passed / total - fraction) < 1e-9) return [passed, total];
  }
  return [Math.round(fraction * 200), 200];
}

/** Whole stages completed from the first, then one partial stage, for a kata's score. */
function stagesForScore(kata: CourseKata, score: number): Array<[number, number]> {
  let left = score;
  return kata.stages.map((s) => {
    if (left >= s.weight - 1e-9) {
      left -= s.weight;
      return [4, 4];
    }
    const partial = ratio(Math.max(0, left) / s.weight);
    left = 0;
    return partial[0] === 0 ? [0, 4] : partial;
  });
}

export function buildResults(facts: ResultsFacts): Results {
  const slugs = Object.keys(facts.katas);
  const course = facts.course ?? fixtureCourse(slugs);
  const tests: TestResult[] = [];
  const katas: KataResult[] = slugs.map((slug, index) => {
    const k = facts.katas[slug]!;
    const trusted = course.find((c) => c.slug === slug) ?? fixtureCourse([slug])[0]!;
    const status = k.status ?? 'graded';
    const counts = k.stages ?? stagesForScore(trusted, k.score ?? 0);
    const stages = trusted.stages.map((stage, j) => {
      const [passed, total] = counts[j] ?? [0, 5];
      const share = total === 0 ? 0 : stage.weight / total;
      for (let t = 0; t < total; t++) {
        const pass = t < passed;
        tests.push({
          name: `${stage.id}. ${stage.title} › test ${t + 1}`,
          kata: slug,
          file: `test/${stage.id}-stage.spec.ts`,
          task_id: stage.id,
          status: pass ? 'pass' : 'fail',
          score: pass && status === 'graded' ? round(share) : 0,
          max_score: round(share),
          message: pass ? null : 'expected: 1\nreceived: 2',
          output: null,
          duration_ms: 1,
        });
      }
      return {
        id: stage.id,
        title: stage.title,
        weight: stage.weight,
        score: status === 'graded' && total > 0 ? round((stage.weight * passed) / total) : 0,
        max_score: stage.weight,
        passed,
        total,
        first_failure:
          passed === total
            ? null
            : {
                name: `${stage.id}. ${stage.title} › test ${passed + 1}`,
                message: 'expected: 1\nreceived: 2',
                hint: null,
              },
      };
    });
    return {
      slug,
      title: k.title ?? slug,
      order: k.order ?? index + 1,
      status,
      score: round(stages.reduce((s, x) => s + x.score, 0)),
      max_score: round(trusted.stages.reduce((s, x) => s + x.weight, 0)),
      duration_ms: 100,
      message: status === 'graded' ? null : `${status}, score 0`,
      stages,
      flagged: [],
    };
  });
  const score = round(katas.reduce((s, k) => s + k.score, 0));
  const max = round(katas.reduce((s, k) => s + k.max_score, 0));
  return {
    schema_version: SCHEMA_VERSION,
    version: 3,
    status: tests.length > 0 && tests.every((t) => t.status === 'pass') ? 'pass' : 'fail',
    message: null,
    grader: { version: '0.1.0' },
    timestamp: facts.timestamp ?? '2026-11-24T10:00:00.000Z',
    participant: facts.participant ?? 'octocat',
    git: { commit: facts.commit === undefined ? 'a'.repeat(40) : facts.commit, dirty: false },
    seed: 20261124,
    node: 'v20.20.2',
    impl: facts.impl ?? 'participant',
    submission: true,
    sandbox: facts.sandbox ?? true,
    score,
    max_score: max,
    duration_ms: 1000,
    katas,
    tests,
    ignored_changes: [],
  };
}
