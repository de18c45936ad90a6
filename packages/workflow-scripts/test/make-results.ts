/** Results files (schema_version 1 core) as the grader writes them, for the workflow specs. */
export const HEAD = '1111111111111111111111111111111111111111';

export function results(
  overrides: Record<string, unknown> = {},
  kataScore = 62.5,
): Record<string, unknown> {
  return {
    schema_version: 1,
    version: 3,
    status: 'fail',
    message: null,
    grader: { version: '0.1.0' },
    timestamp: '2026-11-24T10:00:00.000Z',
    participant: 'octocat',
    git: { commit: HEAD, dirty: false },
    seed: 20261124,
    node: 'v20.20.2',
    impl: 'participant',
    submission: true,
    score: kataScore,
    max_score: 100,
    duration_ms: 2345,
    katas: [
      {
        slug: 'uri-parser',
        title: 'URI parser (RFC 3986)',
        order: 1,
        status: 'graded',
        score: kataScore,
        max_score: 100,
        duration_ms: 1234,
        message: null,
        flagged: [],
        stages: [
          {
            id: 1,
            title: 'Split a URI into components',
            weight: 50,
            score: 50,
            max_score: 50,
            passed: 12,
            total: 12,
            first_failure: null,
          },
          {
            id: 2,
            title: 'Percent-decoding',
            weight: 50,
            score: kataScore - 50,
            max_score: 50,
            passed: 3,
            total: 12,
            first_failure: {
              name: '2. Percent-decoding › decodes %41',
              message: 'expected "A"',
              hint: null,
            },
          },
        ],
      },
    ],
    tests: [],
    ignored_changes: [],
    ...overrides,
  };
}
