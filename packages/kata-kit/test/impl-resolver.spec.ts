import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fcParams } from '../src/fc-params.ts';
import { toReferencePath } from '../src/impl-resolver.ts';
import { katasDir, referenceDir } from '../src/repo-paths.ts';

describe('toReferencePath', () => {
  it('maps a file inside katas/<slug>/src to reference/<slug>/src', () => {
    expect(toReferencePath(join(katasDir, 'router', 'src', 'tree', 'node.ts'))).toBe(
      join(referenceDir, 'router', 'src', 'tree', 'node.ts'),
    );
  });
  it("maps within the file's own tree, such as Stryker's sandbox copy of the repository", () => {
    const sandbox = join('/', 'x', 'katas', '.stryker-tmp', 'sandbox-1');
    expect(toReferencePath(join(sandbox, 'katas', 'ntp', 'src', 'client.ts'))).toBe(
      join(sandbox, 'reference', 'ntp', 'src', 'client.ts'),
    );
  });
  it('leaves specs, fixtures and other folders alone', () => {
    expect(toReferencePath(join(katasDir, 'router', 'test', 'a.spec.ts'))).toBeUndefined();
    expect(toReferencePath(join(katasDir, 'router', 'srcx', 'a.ts'))).toBeUndefined();
    expect(toReferencePath(join(katasDir, 'src'))).toBeUndefined();
    expect(toReferencePath(join(referenceDir, 'router', 'src', 'a.ts'))).toBeUndefined();
  });
});

describe('fcParams', () => {
  it('uses FC_RUNS as a ceiling and keeps an explicit seed', () => {
    const saved = { ...process.env };
    try {
      process.env.FC_RUNS = '7';
      process.env.FC_SEED = '42';
      expect(fcParams(100)).toMatchObject({ numRuns: 7, seed: 42 });
      expect(fcParams(3)).toMatchObject({ numRuns: 3 });
      delete process.env.FC_RUNS;
      delete process.env.FC_SEED;
      expect(fcParams(100).numRuns).toBe(100);
      process.env.FC_RUNS = 'many';
      expect(() => fcParams()).toThrow(/FC_RUNS/);
    } finally {
      process.env = saved;
    }
  });
});
