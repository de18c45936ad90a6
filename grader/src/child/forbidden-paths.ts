/**
 * Where the forbidden packages of a kata live on disk, so an import by a relative or absolute path
 * into `node_modules` (or into a crutch's source file) is recognised as the package it is.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]. */
function splitSpecifier(specifier: string): [string, string] {
  const parts = specifier.split('/');
  const size = specifier.startsWith('@') ? 2 : 1;
  return [parts.slice(0, size).join('/'), parts.slice(size).join('/')];
}

function packageDir(from: string, name: string): string | undefined {
  for (let at = from; ; at = dirname(at)) {
    const candidate = join(at, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(at) === at) return undefined;
  }
}

/** The file a `./*` pattern of the package's `exports` maps `sub` to, if any. */
function exportedFile(dir: string, sub: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      exports?: Record<string, unknown>;
    };
    for (const [key, target] of Object.entries(json.exports ?? {})) {
      const to = typeof target === 'string' ? target : undefined;
      if (to === undefined) continue;
      let mapped: string | undefined;
      if (key === `./${sub}`) mapped = to;
      else if (key.includes('*')) {
        const [head, tail] = key.split('*') as [string, string];
        const wanted = `./${sub}`;
        if (wanted.startsWith(head) && wanted.endsWith(tail)) {
          mapped = to.replace('*', wanted.slice(head.length, wanted.length - tail.length));
        }
      }
      if (mapped !== undefined && existsSync(join(dir, mapped)))
        return realpathSync(join(dir, mapped));
    }
  } catch {
    // No readable package.json: no mapping.
  }
  return undefined;
}

/** Real paths of the forbidden (non-built-in) modules as seen from `kataDir`. */
export function forbiddenPaths(kataDir: string, forbidden: string[]): string[] {
  const out: string[] = [];
  for (const entry of forbidden) {
    if (isBuiltin(entry)) continue;
    const [name, sub] = splitSpecifier(entry);
    const dir = packageDir(kataDir, name);
    if (dir === undefined) continue;
    if (sub === '') out.push(dir);
    else {
      const file =
        exportedFile(dir, sub) ??
        (existsSync(join(dir, sub)) ? realpathSync(join(dir, sub)) : undefined);
      if (file !== undefined) out.push(file);
    }
  }
  return out;
}
