/**
 * Static scan of a participant's `src/` for imports of modules the kata forbids (kata.json
 * `forbiddenModules`): `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')`,
 * `require('x')`. `node:url` and `url` are the same module; `fast-uri/lib/x` is `fast-uri`.
 * A computed specifier escapes this scan and is caught at resolution time instead (child/trusted.config.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { matchesForbidden } from './child/protocol.ts';

export interface ForbiddenImport {
  /** Path relative to the kata's src folder. */
  file: string;
  line: number;
  specifier: string;
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const IMPORT =
  /(?:\bimport\s*(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s*)?|\bexport\s+(?:type\s+)?[\w*{}\s,$]+\s+from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\1/g;

/** Blanks comments (keeping newlines, so line numbers hold) so a commented-out import is not flagged. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (name !== 'node_modules') out.push(...listFiles(path));
    } else if (stat?.isFile()) out.push(path);
  }
  return out;
}

/** A relative or absolute path into node_modules/<forbidden package>. */
function intoForbiddenPackage(specifier: string, forbidden: string[]): boolean {
  const at = specifier.lastIndexOf('node_modules/');
  return at !== -1 && matchesForbidden(specifier.slice(at + 'node_modules/'.length), forbidden);
}

export function scanForbidden(srcDir: string, forbidden: string[]): ForbiddenImport[] {
  if (forbidden.length === 0) return [];
  const found: ForbiddenImport[] = [];
  for (const file of listFiles(srcDir).filter((f) => SOURCE.test(f))) {
    let code: string;
    try {
      code = stripComments(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const match of code.matchAll(IMPORT)) {
      const specifier = match[2] ?? '';
      if (!matchesForbidden(specifier, forbidden) && !intoForbiddenPackage(specifier, forbidden)) {
        continue;
      }
      const line = code.slice(0, match.index).split('\n').length;
      found.push({ file: relative(srcDir, file), line, specifier });
    }
  }
  return found;
}
