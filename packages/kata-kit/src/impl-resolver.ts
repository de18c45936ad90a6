import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import type { Plugin } from 'vite';
import type { Impl } from './repo-paths.ts';

/**
 * Maps a module path inside `katas/<slug>/src/` to the same path inside `reference/<slug>/src/`
 * of the same tree. Returns undefined for any other path.
 *
 * The tree is the one the file lives in, not necessarily this checkout: Stryker copies the
 * repository into a sandbox (`.stryker-tmp/sandbox-…/`) and mutates the reference there, while
 * kata-kit may still be loaded from the original checkout through a workspace link. Mapping
 * against kata-kit's own location would run the specs against the unmutated reference.
 *
 * Only the `src/` folder of a kata is swapped: specs, fixtures and helpers always
 * come from `katas/<slug>/test/`. That is the "one spec, two implementations" rule.
 */
export function toReferencePath(file: string): string | undefined {
  const parts = file.split(sep);
  for (let i = parts.length - 4; i >= 0; i--) {
    if (parts[i] === 'katas' && parts[i + 2] === 'src' && parts[i + 1] !== '') {
      return [...parts.slice(0, i), 'reference', ...parts.slice(i + 1)].join(sep);
    }
  }
  return undefined;
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
