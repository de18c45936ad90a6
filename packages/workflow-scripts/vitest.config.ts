import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'workflow-scripts',
    root: import.meta.dirname,
    include: ['test/**/*.spec.ts'],
    // The reference-branch spec clones the repository and runs every kata's specs there.
    testTimeout: 30_000,
  },
});
