/**
 * The results document (`--json`), documented by grader/schema/results.schema.json: a superset of
 * Exercism's results.json v3, plus per-kata and per-stage scores. `toGradescope` derives
 * Gradescope's results.json from it.
 */

export const SCHEMA_VERSION = 1;
export const GRADER_VERSION = '0.1.0';

export type TestStatus = 'pass' | 'fail' | 'timeout' | 'crashed' | 'skipped';
export type KataStatus = 'graded' | 'tampered' | 'forbidden' | 'error';

export interface StageResult {
  id: number;
  title: string;
  weight: number;
  score: number;
  max_score: number;
  passed: number;
  total: number;
  /** The first failing test of the stage, for the board: name, message, hint. */
  first_failure: { name: string; message: string | null; hint: string | null } | null;
}

export interface KataResult {
  slug: string;
  title: string;
  order: number;
  status: KataStatus;
  score: number;
  max_score: number;
  duration_ms: number;
  message: string | null;
  stages: StageResult[];
  /** Tests reported that are not in the expected list, or reported twice. */
  flagged: string[];
}

export interface TestResult {
  name: string;
  kata: string;
  file: string;
  task_id: number | null;
  status: TestStatus;
  score: number;
  max_score: number;
  message: string | null;
  output: string | null;
  duration_ms: number;
}

export interface Results {
  schema_version: number;
  version: 3;
  status: 'pass' | 'fail' | 'error';
  message: string | null;
  grader: { version: string };
  timestamp: string;
  participant: string;
  git: { commit: string | null; dirty: boolean };
  seed: number;
  node: string;
  impl: 'participant' | 'reference';
  submission: boolean;
  /** Graded inside the bubblewrap sandbox (false: unsandboxed, a laptop's run). */
  sandbox: boolean;
  score: number;
  max_score: number;
  duration_ms: number;
  katas: KataResult[];
  tests: TestResult[];
  ignored_changes: string[];
}

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
