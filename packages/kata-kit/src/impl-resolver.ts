import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { type Impl, katasDir, referenceDir } from './repo-paths.ts';

/**
 * Maps a resolved module path inside `katas/<slug>/src/` to the same path inside
 * `reference/<slug>/src/`. Returns undefined for any other path.
 *
 * Only the `src/` folder of a kata is swapped: specs, fixtures and helpers always
 * come from `katas/<slug>/test/`. That is the "one spec, two implementations" rule.
 */
export function toReferencePath(file: string): string | undefined {
  const rel = relative(katasDir, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  if (parts.length < 3 || parts[1] !== 'src') return undefined;
  return [referenceDir, ...parts].join(sep);
}

/**
 * A Vite plugin that makes every import of a kata's `src/` resolve to the chosen
 * implementation. Specs import `../src/index.js` as a participant would; with
 * `impl = 'reference'` that import (and any cross-kata import of another kata's
 * `src/`) is answered from `reference/`.
 */
export function implResolver(impl: Impl): Plugin {
  return {
    name: 'hbu:impl-resolver',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (impl !== 'reference' || importer === undefined) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null || resolved.external) return resolved;
      const [file, query = ''] = resolved.id.split('?');
      const swapped = file === undefined ? undefined : toReferencePath(file);
      if (swapped === undefined) return resolved;
      if (!existsSync(swapped)) {
        this.error(`reference implementation is missing ${swapped} (imported from ${importer})`);
      }
      return query === '' ? swapped : `${swapped}?${query}`;
    },
  };
}
