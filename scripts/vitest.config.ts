import { defineConfig } from 'vitest/config';

// The maintainer and participant scripts' own specs (the kata CLI, the self-check's layout rules).
export default defineConfig({
  test: { name: 'scripts', root: import.meta.dirname, include: ['test/**/*.spec.ts'] },
});
