// A relative import: the config is bundled before Node loads it, and Node 20 cannot load .ts itself.
import { kataConfig } from '../../packages/kata-kit/src/vitest-config.ts';

export default kataConfig(import.meta.dirname, { testTimeoutMs: 20_000 });
