import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'results', root: import.meta.dirname, include: ['test/**/*.spec.ts'] },
});
