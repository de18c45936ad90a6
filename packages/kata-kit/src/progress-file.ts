/**
 * The participant's progress: one git-ignored JSON file at the repository root,
 * `.kata-progress.json`, written by every kata run (the compact reporter) and read by the kata
 * CLI (`list`, `next`, `hint`). Best effort: a read-only tree (the grader's sandbox) or a
 * broken file never fails a test run.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.ts';

/** Passed and total tests of one stage at its last run. */
export interface StageProgress {
  passed: number;
  total: number;
}

export interface KataProgress {
  /** ISO time of the last run that touched this kata. */
  updatedAt?: string;
  /** By stage id (as a string key). */
  stages: Record<string, StageProgress>;
  /** How many hint paragraphs of each stage were shown (`npm run kata -- hint`). */
  hintsShown?: Record<string, number>;
}

export interface Progress {
  katas: Record<string, KataProgress>;
}

/** Where progress lives; KATA_PROGRESS_FILE overrides it (the CLI's tests use a temp file). */
export function progressFile(): string {
  return process.env.KATA_PROGRESS_FILE ?? join(repoRoot, '.kata-progress.json');
}

export function readProgress(file = progressFile()): Progress {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Progress>;
    if (parsed !== null && typeof parsed.katas === 'object' && parsed.katas !== null) {
      return { katas: parsed.katas };
    }
  } catch {
    // missing or unreadable: no progress yet
  }
  return { katas: {} };
}

/** Reads, changes and writes the file atomically. Returns false when it could not be written. */
export function updateProgress(change: (p: Progress) => void, file = progressFile()): boolean {
  const progress = readProgress(file);
  change(progress);
  try {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(progress, null, 2)}\n`);
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

/** The kata's entry, created empty when absent. */
export function kataProgress(progress: Progress, slug: string): KataProgress {
  progress.katas[slug] ??= { stages: {} };
  return progress.katas[slug];
}

/** A stage is done when it has tests and all of them passed at its last run. */
export function stageDone(p: StageProgress | undefined): boolean {
  return p !== undefined && p.total > 0 && p.passed === p.total;
}
