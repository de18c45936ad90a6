import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleRoot } from '../src/child/protocol.ts';
import { scanForbidden } from '../src/forbidden.ts';

const dir = mkdtempSync(join(tmpdir(), 'hbu-forbidden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the forbidden-module scan', () => {
  it('finds static, re-exported, dynamic and required imports, with and without node:', () => {
    mkdirSync(join(dir, 'src/deep'), { recursive: true });
    writeFileSync(
      join(dir, 'src/index.ts'),
      [
        "import { URL } from 'node:url';",
        "export { parse } from 'url';",
        "// import 'fast-uri' in a comment does not count",
        "const x = await import('fast-uri/lib/utils');",
        "import type { Foo } from './types.ts';",
      ].join('\n'),
    );
    writeFileSync(join(dir, 'src/deep/a.js'), 'const u = require("url");\nimport \'node:path\';\n');
    const found = scanForbidden(join(dir, 'src'), ['node:url', 'url', 'fast-uri']);
    expect(found).toEqual([
      { file: 'deep/a.js', line: 1, specifier: 'url' },
      { file: 'index.ts', line: 1, specifier: 'node:url' },
      { file: 'index.ts', line: 2, specifier: 'url' },
      { file: 'index.ts', line: 4, specifier: 'fast-uri/lib/utils' },
    ]);
  });

  it('compares module roots: node: prefix, subpaths and scopes', () => {
    expect(moduleRoot('node:url')).toBe('url');
    expect(moduleRoot('fast-uri/lib/x')).toBe('fast-uri');
    expect(moduleRoot('@scope/pkg/deep')).toBe('@scope/pkg');
  });
});
