/**
 * Where a kata's code is: `<checkout>/katas/<slug>/src/` for a participant (a clone, a pushed
 * branch, a folder), `<repository>/reference/<slug>/src/` for the reference, and the shipped stub
 * `katas/<slug>/src/` of the instructor's repository as the base every participant starts from.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceFile {
  /** Relative to the kata's src/ folder. */
  path: string;
  text: string;
}

/** No source file of a kata is this big; a bigger one is skipped (generated or hostile). */
const MAX_FILE_BYTES = 512 * 1024;

/** Every `.ts`/`.mts`/`.js`/`.mjs` file under `dir`, sorted; symlinks are not followed. */
export function readSources(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (path: string): void => {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        walk(join(path, name));
      }
    } else if (stat.isFile() && /\.[mc]?[tj]s$/.test(path) && !/\.d\.[mc]?ts$/.test(path)) {
      if (stat.size <= MAX_FILE_BYTES) {
        files.push({ path: relative(dir, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(dir);
  return files;
}

export const participantKataDir = (checkout: string, slug: string): string =>
  join(checkout, 'katas', slug, 'src');

export const referenceKataDir = (repository: string, slug: string): string =>
  join(repository, 'reference', slug, 'src');

export const stubKataDir = participantKataDir;
