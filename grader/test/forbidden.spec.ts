import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forbiddenPaths } from '../src/child/forbidden-paths.ts';
import { isForbiddenPath, matchesForbidden, moduleRoot } from '../src/child/protocol.ts';
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

  it('forbids a crutch by its subpath only, and a package with its subpaths', () => {
    const forbidden = ['@hbu/crutches/http-message', 'fast-uri', 'node:url'];
    expect(matchesForbidden('@hbu/crutches/http-message', forbidden)).toBe(true);
    expect(matchesForbidden('@hbu/crutches/uri-parser', forbidden)).toBe(false);
    expect(matchesForbidden('fast-uri/lib/utils', forbidden)).toBe(true);
    expect(matchesForbidden('fast-uri-extra', forbidden)).toBe(false);
    expect(matchesForbidden('url', forbidden)).toBe(true);
  });

  it('finds a path into node_modules/<forbidden package> in the scan and on disk', () => {
    mkdirSync(join(dir, 'path/src'), { recursive: true });
    writeFileSync(
      join(dir, 'path/src/index.ts'),
      "export * from '../../../node_modules/fast-uri/index.js';\n",
    );
    expect(scanForbidden(join(dir, 'path/src'), ['fast-uri'])).toHaveLength(1);
    const kata = join(import.meta.dirname, '../../katas/uri-parser');
    const paths = forbiddenPaths(kata, ['fast-uri', 'node:url']);
    expect(paths).toHaveLength(1);
    expect(isForbiddenPath(`${paths[0]}/index.js`, paths)).toBe(true);
    expect(isForbiddenPath(`${paths[0]}-other/index.js`, paths)).toBe(false);
  });
});
