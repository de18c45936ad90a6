import { defineConfig } from 'vitest/config';

// The grader's own tests. The hostile-submission suite grades a generated course of small
// fixture katas in one run (test/course.ts); one end-to-end test grades the real katas.
export default defineConfig({
  test: {
    name: 'grader',
    root: import.meta.dirname,
    include: ['test/**/*.spec.ts'],
    exclude: ['test/fixtures/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // The hostile run grades ~35 fixture katas; on the shared, loaded machine that took minutes.
    hookTimeout: 600_000,
  },
});
