/**
 * Reading the course: `katas.json` (the ordered list of katas) and each kata's `kata.json`.
 * One reader for the self-check, the maintainer scripts and the grader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of katas.json. */
export interface KataEntry {
  slug: string;
  title: string;
  /** The leaderboard's column label: at most 12 characters (required by the manifest check). */
  short?: string;
  order: number;
  status: 'available' | 'planned';
  prerequisites: string[];
}

/** One stage of a kata.json. */
export interface StageEntry {
  id: number;
  title: string;
  weight: number;
}

/** A kata's own kata.json. */
export interface KataJson {
  slug: string;
  title: string;
  timeBudgetSeconds: number;
  forbiddenModules?: string[];
  stages: StageEntry[];
}

/** Parses a JSON file; the error names the file. */
export function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Every entry of `<root>/katas.json`, in file order. */
export function readManifest(root: string): KataEntry[] {
  const manifest = readJson<{ katas?: KataEntry[] }>(join(root, 'katas.json'));
  if (!Array.isArray(manifest.katas)) throw new Error(`${root}/katas.json has no "katas"`);
  return manifest.katas;
}

/** The katas marked available, in course order. */
export function availableKatas(root: string): KataEntry[] {
  return readManifest(root)
    .filter((k) => k.status === 'available')
    .sort((a, b) => a.order - b.order);
}

/** The title a stage's top-level describe carries: `3. Percent-encoding`. */
export function stageTitle(stage: Pick<StageEntry, 'id' | 'title'>): string {
  return `${stage.id}. ${stage.title}`;
}
