/**
 * The course as the participant stands in it: katas.json in order, each kata's stages, and the
 * last recorded result of each stage (from the progress file every kata run writes).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type KataEntry,
  type KataJson,
  readJson,
  readManifest,
  type StageEntry,
} from '../../packages/kata-kit/src/course.ts';
import {
  type Progress,
  readProgress,
  type StageProgress,
  stageDone,
} from '../../packages/kata-kit/src/progress-file.ts';

export interface StageStatus {
  stage: StageEntry;
  last: StageProgress | undefined;
  done: boolean;
}

export interface KataStatus {
  entry: KataEntry;
  /** Empty for a planned kata. */
  stages: StageStatus[];
  done: number;
}

export function kataJson(root: string, slug: string): KataJson | undefined {
  const file = join(root, 'katas', slug, 'kata.json');
  return existsSync(file) ? readJson<KataJson>(file) : undefined;
}

export function courseStatus(root: string, progress: Progress = readProgress()): KataStatus[] {
  return readManifest(root)
    .sort((a, b) => a.order - b.order)
    .map((entry) => {
      const kata = entry.status === 'available' ? kataJson(root, entry.slug) : undefined;
      const last = progress.katas[entry.slug]?.stages ?? {};
      const stages = (kata?.stages ?? []).map((stage) => {
        const p = last[String(stage.id)];
        return { stage, last: p, done: stageDone(p) };
      });
      return { entry, stages, done: stages.filter((s) => s.done).length };
    });
}

/** The kata named `slug` if it is available; otherwise an Error whose message lists the choices. */
export function availableKata(root: string, slug: string): KataEntry {
  const all = readManifest(root);
  const entry = all.find((k) => k.slug === slug);
  const known = all.filter((k) => k.status === 'available').map((k) => k.slug);
  if (entry === undefined)
    throw new Error(`unknown kata "${slug}"; available: ${known.join(', ')}`);
  if (entry.status !== 'available') {
    throw new Error(
      `kata "${slug}" is ${entry.status}, not available yet; available: ${known.join(', ')}`,
    );
  }
  return entry;
}

/** The first stage of a kata not done at its last run, or undefined when every stage is done. */
export function firstOpenStage(status: KataStatus): StageStatus | undefined {
  return status.stages.find((s) => !s.done);
}
