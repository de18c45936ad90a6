import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'copy-check',
    root: import.meta.dirname,
    include: ['test/**/*.spec.ts'],
    testTimeout: 60_000,
  },
});
