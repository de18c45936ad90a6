import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { givenExclusions, givenFiles } from '../lib/given-files.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hbu-given-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('given files (left out of mutation testing)', () => {
  it('are the reference files byte-identical to the stub, nested ones too', () => {
    put('katas/k/src/given.ts', 'export const a = 1;\n');
    put('reference/k/src/given.ts', 'export const a = 1;\n');
    put('katas/k/src/form/shared.ts', 'export const b = 2;\n');
    put('reference/k/src/form/shared.ts', 'export const b = 2;\n');
    put('katas/k/src/work.ts', 'throw new Error("not implemented");\n');
    put('reference/k/src/work.ts', 'export const c = 3;\n');
    put('katas/k/src/near.ts', 'export const d = 4;\n');
    put('reference/k/src/near.ts', 'export const d = 4; \n');
    put('reference/k/src/only-reference.ts', 'export const e = 5;\n');
    put('katas/k/src/notes.md', 'same\n');
    put('reference/k/src/notes.md', 'same\n');
    expect(givenFiles(root, 'k')).toEqual(['form/shared.ts', 'given.ts']);
    expect(givenExclusions(root, 'k')).toEqual([
      '!reference/k/src/form/shared.ts',
      '!reference/k/src/given.ts',
    ]);
  });

  it('are none when every file differs', () => {
    put('katas/k/src/index.ts', 'export {};\n');
    put('reference/k/src/index.ts', 'export const x = 1;\n');
    expect(givenFiles(root, 'k')).toEqual([]);
  });

  it("in this repository: concurrency's spawn-ts.ts is given, its handler.ts is not", () => {
    const repo = resolve(import.meta.dirname, '../..');
    const files = givenFiles(repo, 'concurrency');
    expect(files).toContain('spawn-ts.ts');
    expect(files).not.toContain('handler.ts');
  });
});
