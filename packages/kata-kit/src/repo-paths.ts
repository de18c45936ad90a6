import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file lives in packages/kata-kit/src). */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const katasDir: string = join(repoRoot, 'katas');
export const referenceDir: string = join(repoRoot, 'reference');

/** The folder holding a kata's implementation for the given implementation kind. */
export function implDir(slug: string, impl: Impl): string {
  return join(impl === 'reference' ? referenceDir : katasDir, slug, 'src');
}

/**
 * Which implementation the specs run against:
 * - `participant` — `katas/<slug>/src/` (the stub, until the participant fills it in);
 * - `reference` — `reference/<slug>/src/`.
 */
export type Impl = 'participant' | 'reference';

/** Reads KATA_IMPL; anything but `reference` means the participant's own code. */
export function implFromEnv(env: NodeJS.ProcessEnv = process.env): Impl {
  const value = env.KATA_IMPL ?? 'participant';
  if (value !== 'participant' && value !== 'reference') {
    throw new Error(`KATA_IMPL must be "participant" or "reference", got ${JSON.stringify(value)}`);
  }
  return value;
}
