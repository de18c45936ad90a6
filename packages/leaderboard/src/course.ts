/**
 * The course as the leaderboard shows it: the available katas of katas.json with their short
 * labels, stage counts and maxima (from each kata's kata.json). Results files name their katas
 * too, but only the course knows the katas nobody has been graded on yet.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableKatas, type KataJson, readJson } from '@hbu/kata-kit/course';
import type { CourseColumn } from './aggregate.ts';

/** The repository this leaderboard belongs to (the instructor's checkout). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** The course of the repository at `root`, or [] when it has no katas.json. */
export function readCourseColumns(root = REPO_ROOT): CourseColumn[] {
  if (!existsSync(join(root, 'katas.json'))) return [];
  return availableKatas(root).map((k) => {
    const file = join(root, 'katas', k.slug, 'kata.json');
    const stages = existsSync(file) ? readJson<KataJson>(file).stages : [];
    return {
      slug: k.slug,
      title: k.title,
      short: k.short ?? k.slug.slice(0, 12),
      order: k.order,
      stages: stages.length,
      maxScore: stages.reduce((s, st) => s + st.weight, 0) || 100,
    };
  });
}
