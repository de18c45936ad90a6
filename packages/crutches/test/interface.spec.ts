/**
 * Each crutch exports exactly the names its kata's stub exports, types included (the values'
 * types are checked by tsc in interface.check.ts); and the README's switch of src/prereqs.ts
 * is the one the crutch runs of the dependent katas use.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { crutchesIn, dependentKatas, switchToCrutches } from './prereqs-switch.ts';

const root = resolve(import.meta.dirname, '../../..');
const CRUTCHES = [
  'uri-parser',
  'http-message',
  'static-server',
  'gateway',
  'router',
  'session-store',
];

function exportNames(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const names = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const symbol = checker.getSymbolAtLocation(source)!;
    names.set(
      file,
      checker
        .getExportsOfModule(symbol)
        .map((s) => s.getName())
        .sort(),
    );
  }
  return names;
}

describe('crutches', () => {
  const stubs = CRUTCHES.map((slug) => join(root, 'katas', slug, 'src', 'index.ts'));
  const crutches = CRUTCHES.map((slug) => join(root, 'packages/crutches/src', `${slug}.ts`));
  const names = exportNames([...stubs, ...crutches]);

  it.each(CRUTCHES.map((slug, i) => [slug, i] as const))(
    '%s exports exactly the names of the kata stub, types included',
    (_slug, i) => {
      const stub = names.get(stubs[i]!)!;
      expect(stub.length).toBeGreaterThan(3);
      expect(names.get(crutches[i]!)).toEqual(stub);
    },
  );

  it('switches prereqs.ts from the participant’s kata to the crutch, and only those lines', () => {
    const source = [
      '/** doc */',
      "export * from '../../http-message/src/index.ts';",
      "// export * from '@hbu/crutches/http-message';",
      "export { x } from './other.ts';",
    ].join('\n');
    expect(switchToCrutches(source).split('\n')).toEqual([
      '/** doc */',
      "// export * from '../../http-message/src/index.ts';",
      "export * from '@hbu/crutches/http-message';",
      "export { x } from './other.ts';",
    ]);
  });

  it('every dependent kata’s prereqs.ts offers a crutch for each kata it imports, and the switch leaves no own import', () => {
    const dependents = dependentKatas(join(root, 'katas'));
    expect(dependents).toContain('static-server');
    for (const slug of dependents) {
      const source = readFileSync(join(root, 'katas', slug, 'src', 'prereqs.ts'), 'utf8');
      const crutches = crutchesIn(source);
      expect(crutches.length, slug).toBeGreaterThan(0);
      for (const c of crutches) expect(CRUTCHES, `${slug} → ${c}`).toContain(c);
      expect(switchToCrutches(source)).not.toMatch(/^export \* from '\.\.\/\.\./m);
    }
  });
});
