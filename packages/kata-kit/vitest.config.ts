import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'kata-kit', root: import.meta.dirname, include: ['test/**/*.spec.ts'] },
});
