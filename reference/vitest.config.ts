// The project's own checks of the references against real daemons from Debian (Apache, python3's
// wsgiref, dnsmasq, chrony): `reference/<slug>/checks/*.check.spec.ts`. They are not kata specs: a
// participant's laptop has none of those daemons, and the template has no reference/ at all.
// A relative import: the config is bundled before Node loads it.
import { defineConfig } from 'vitest/config';
import { implResolver } from '../packages/kata-kit/src/impl-resolver.ts';

export default defineConfig({
  plugins: [implResolver('reference')],
  test: {
    name: 'reference-checks',
    root: import.meta.dirname,
    include: ['*/checks/**/*.check.spec.ts'],
    passWithNoTests: true,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
