/**
 * Given files: a kata's source files the stub ships complete, byte for byte the same in
 * `katas/<slug>/src` and `reference/<slug>/src` (concurrency's `spawn-ts.ts`, static-server's
 * `prereqs.ts`). The participant never writes them, so a mutant in one is not a wrong
 * implementation a participant could hand in, and mutation testing leaves them out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** Paths, relative to `reference/<slug>/src`, of the reference files identical to the stub's. */
export function givenFiles(root: string, slug: string): string[] {
  const reference = join(root, 'reference', slug, 'src');
  const stub = join(root, 'katas', slug, 'src');
  if (!existsSync(reference)) return [];
  return typeScriptFiles(reference).filter((file) => {
    try {
      return readFileSync(join(reference, file)).equals(readFileSync(join(stub, file)));
    } catch {
      return false;
    }
  });
}

/** `!reference/<slug>/src/<file>` for each given file: Stryker's `mutate` exclusions. */
export function givenExclusions(root: string, slug: string): string[] {
  return givenFiles(root, slug).map((file) => `!reference/${slug}/src/${file}`);
}
