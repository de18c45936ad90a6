/**
 * Module hooks that strip TypeScript with esbuild's `transform`, nothing else: no tsconfig, no
 * CommonJS hooks, no cache. For the child processes of specs (time-zone probes), where tsx's
 * start-up was most of the child's cost (about 2× the CPU of these hooks).
 *
 * Resolution is Node's, plus what vite lets a participant write in their `src/`: an
 * extensionless relative import (`./util`), or `./util.js` for `./util.ts`.
 */
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

const RELATIVE = /^\.{1,2}\//;

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!RELATIVE.test(specifier) || !context.parentURL?.endsWith('.ts')) throw error;
    for (const candidate of [
      `${specifier}.ts`,
      specifier.replace(/\.js$/, '.ts'),
      `${specifier}/index.ts`,
    ]) {
      if (candidate === specifier) continue;
      try {
        return await next(candidate, context);
      } catch {}
    }
    throw error;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !/\.[cm]?ts$/.test(url)) return next(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: url,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
