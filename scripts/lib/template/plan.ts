/**
 * What the participant template leaves out of the instructor's source, and what it rewrites.
 * One list, read by the builder (build.ts) and by its tests: the solutions and everything that
 * needs them or serves only the source (its own CI, the reference branch, mutation testing, the
 * template builder and its tests).
 */

/** Paths (a folder ends with "/") the template never contains. */
export const SOURCE_ONLY: readonly string[] = [
  'reference/',
  '.ci/',
  'CONTRIBUTING.md',
  '.github/workflows/ci.yml',
  '.github/workflows/reference-branch.yml',
  '.github/workflows/publish-template.yml',
  'scripts/mutation.ts',
  'scripts/mutation-report.ts',
  'scripts/test/mutation-report.spec.ts',
  'scripts/lib/stryker-error-messages.ts',
  'scripts/test/stryker-error-messages.spec.ts',
  'scripts/lib/given-files.ts',
  'scripts/test/given-files.spec.ts',
  'scripts/template.ts',
  'scripts/lib/template/',
  'packages/workflow-scripts/src/reference-branch.ts',
  'packages/workflow-scripts/test/reference-branch.spec.ts',
  'packages/workflow-scripts/test/template.spec.ts',
  'packages/workflow-scripts/test/workshop.spec.ts',
  // copy-check's specs compare solution-like fixtures (whole kata implementations): not for
  // participants' eyes. The tool itself (src/) stays: the room runs it.
  'packages/copy-check/test/',
];

/** npm scripts that need the source (the reference, the builder): dropped from package.json files. */
export const SOURCE_ONLY_SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  'package.json': ['mutation', 'template', 'reference:branch'],
  'packages/workflow-scripts/package.json': ['reference:branch'],
};

/** The participant's README replaces the source's; the instructor's guide sits beside it. */
export const WRITTEN = {
  readme: 'README.md',
  instructor: 'INSTRUCTOR.md',
} as const;

export function sourceOnly(path: string): boolean {
  return SOURCE_ONLY.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
}
