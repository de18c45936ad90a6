/**
 * The edit a kata's README ("Before you start") asks of a participant, done by a program:
 * in `src/prereqs.ts`, comment every line that exports an earlier kata's `src/` and uncomment
 * every `// export * from '@hbu/crutches/<slug>';` line.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const OWN = /^export \* from '\.\.\/\.\.\/([\w-]+)\/src\/index\.ts';$/;
const CRUTCH = /^\/\/ (export \* from '@hbu\/crutches\/([\w-]+)';)$/;

export function switchToCrutches(source: string): string {
  return source
    .split('\n')
    .map((line) => (OWN.test(line) ? `// ${line}` : (CRUTCH.exec(line)?.[1] ?? line)))
    .join('\n');
}

/** The prerequisite katas a prereqs.ts can point at a crutch, by the crutch lines it carries. */
export function crutchesIn(source: string): string[] {
  return source.split('\n').flatMap((line) => {
    const m = CRUTCH.exec(line);
    return m === null ? [] : [m[2]!];
  });
}

/** Katas (in `dir`, e.g. `<root>/katas`) that import their prerequisites through src/prereqs.ts. */
export function dependentKatas(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((slug) => existsSync(join(dir, slug, 'src', 'prereqs.ts')))
    .sort();
}
