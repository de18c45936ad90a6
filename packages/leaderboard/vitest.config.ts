import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'leaderboard',
    root: import.meta.dirname,
    include: ['test/**/*.spec.ts'],
    testTimeout: 30_000,
  },
});
