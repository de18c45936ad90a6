/**
 * The results document (`--json`): its one source is the zod schema of @hbu/results (which also
 * generates grader/schema/results.schema.json). A superset of
 * Exercism's results.json v3, plus per-kata and per-stage scores. `toGradescope` derives
 * Gradescope's results.json from it.
 */
import type { Results } from '@hbu/results';

export {
  type KataResult,
  type KataStatus,
  LIMITS,
  type Results,
  SCHEMA_VERSION,
  type StageResult,
  type TestResult,
  type TestStatus,
} from '@hbu/results';

export const GRADER_VERSION = '0.1.0';

/** Cuts text to the schema's bound for its field (`LIMITS`), marking the cut. */
export const clip = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** Rounds a score to 4 decimal places: stable JSON, no 33.33333333333333 noise. */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io). */
export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  visibility: 'visible';
  tests: Array<{
    name: string;
    score: number;
    max_score: number;
    status: 'passed' | 'failed';
    output: string;
    visibility: 'visible';
  }>;
}

export function toGradescope(results: Results): GradescopeResults {
  return {
    score: results.score,
    execution_time: Math.round(results.duration_ms / 1000),
    output: `${results.score} / ${results.max_score} points · ${results.katas
      .map(
        (k) =>
          `${k.slug} ${k.score}/${k.max_score}${k.status === 'graded' ? '' : ` (${k.status})`}`,
      )
      .join(' · ')}`,
    visibility: 'visible',
    tests: results.tests.map((t) => ({
      name: `${t.kata} › ${t.name}`,
      score: t.score,
      max_score: t.max_score,
      status: t.status === 'pass' ? 'passed' : 'failed',
      output: [t.status === 'pass' ? '' : t.status, t.message ?? '', t.output ?? '']
        .filter((s) => s !== '')
        .join('\n'),
      visibility: 'visible',
    })),
  };
}
