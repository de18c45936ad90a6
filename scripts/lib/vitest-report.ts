import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** The part of vitest's JSON reporter output the self-check reads. */
interface JsonReport {
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{
      ancestorTitles: string[];
      fullName: string;
      status: string;
      failureMessages?: string[];
    }>;
  }>;
}

export interface TestOutcome {
  /** Path of the spec file relative to the repository root. */
  file: string;
  /** `katas/<slug>/…` files carry their slug. */
  slug: string | undefined;
  ancestors: string[];
  fullName: string;
  status: 'passed' | 'failed' | 'skipped';
}

export interface Report {
  tests: TestOutcome[];
  /** Spec files that failed to load (syntax error, import error). */
  brokenFiles: Array<{ file: string; message: string }>;
}

export function readVitestJson(file: string, root: string): Report {
  const json = JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  const tests: TestOutcome[] = [];
  const brokenFiles: Report['brokenFiles'] = [];
  for (const suite of json.testResults) {
    const rel = relative(root, suite.name);
    const slug = /^katas\/([^/]+)\//.exec(rel)?.[1];
    if (suite.assertionResults.length === 0 && suite.status === 'failed') {
      brokenFiles.push({ file: rel, message: suite.message ?? 'failed to load' });
    }
    for (const t of suite.assertionResults) {
      const status =
        t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped';
      tests.push({ file: rel, slug, ancestors: t.ancestorTitles, fullName: t.fullName, status });
    }
  }
  return { tests, brokenFiles };
}
