/** Builds grader results files (schema_version 1, the agreed core) for the leaderboard specs. */

export interface KataSpec {
  score: number;
  max?: number;
  /** Stage pass counts: [passed, total] per stage. Defaults to 4 stages consistent with the score. */
  stages?: Array<[number, number]>;
  title?: string;
  order?: number;
}

export interface ResultSpec {
  participant: string;
  timestamp: string;
  katas: Record<string, KataSpec>;
  commit?: string | null;
}

export function makeResult(spec: ResultSpec): Record<string, unknown> {
  const katas = Object.entries(spec.katas).map(([slug, k], i) => {
    const max = k.max ?? 100;
    const stages = (k.stages ?? defaultStages(k.score, max)).map(([passed, total], j, all) => ({
      id: j + 1,
      title: `Stage ${j + 1}`,
      weight: max / all.length,
      score: total === 0 ? 0 : (passed / total) * (max / all.length),
      max_score: max / all.length,
      passed,
      total,
      first_failure: null,
    }));
    return {
      slug,
      title: k.title ?? slug,
      order: k.order ?? i + 1,
      status: 'graded',
      score: k.score,
      max_score: max,
      duration_ms: 100,
      message: null,
      stages,
      flagged: [],
    };
  });
  const score = katas.reduce((s, k) => s + k.score, 0);
  const max = katas.reduce((s, k) => s + k.max_score, 0);
  return {
    schema_version: 1,
    version: 3,
    status: score === max ? 'pass' : 'fail',
    message: null,
    grader: { version: '0.1.0' },
    timestamp: spec.timestamp,
    participant: spec.participant,
    git: { commit: spec.commit === undefined ? 'a'.repeat(40) : spec.commit, dirty: false },
    seed: 20261124,
    node: 'v20.20.2',
    impl: 'participant',
    submission: true,
    score,
    max_score: max,
    duration_ms: 1000,
    katas,
    tests: [],
    ignored_changes: [],
  };
}

/** Four stages; whole stages completed for each 25 points. */
function defaultStages(score: number, max: number): Array<[number, number]> {
  const done = Math.floor((score / max) * 4 + 1e-9);
  return [0, 1, 2, 3].map((i) => (i < done ? [5, 5] : [0, 5]));
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
