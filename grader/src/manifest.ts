/** Reading the course: katas.json, each kata's kata.json, HINTS.md and test timeout. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type KataEntry,
  availableKatas as readAvailableKatas,
  readJson as readCourseJson,
  type StageEntry,
  stageTitle,
} from '@hbu/kata-kit/course';

export type { KataEntry };
/** A stage of a kata.json. */
export type Stage = StageEntry;

export interface KataSpec {
  slug: string;
  title: string;
  order: number;
  timeBudgetSeconds: number;
  forbiddenModules: string[];
  /** Globals participant modules may not use (kata.json `forbiddenGlobals`). */
  forbiddenGlobals: string[];
  stages: Stage[];
  /** Per-test timeout, from the kata's own vitest.config.ts (`testTimeoutMs: N`) or 10 s. */
  testTimeoutMs: number;
  /** First line of each stage's HINTS.md section, by stage id. */
  hints: Record<number, string>;
}

export class GraderError extends Error {
  override readonly name = 'GraderError';
}

/** Runs a course read, turning its failure into a GraderError (exit status 1, no stack). */
function orGraderError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new GraderError(error instanceof Error ? error.message : String(error));
  }
}

const readJson = <T>(file: string): T => orGraderError(() => readCourseJson<T>(file));

export { stageTitle };

export function availableKatas(root: string): KataEntry[] {
  return orGraderError(() => readAvailableKatas(root));
}

/** A hint longer than this (characters) is shortened on the board. */
export const HINT_LIMIT = 1000;
const LIST_ITEM = /^(?:[-*+]|\d+[.)])\s+/;

/**
 * The first paragraph of each `## N. …` section of HINTS.md, whole: its lines joined, up to a
 * blank line, a heading, a code fence or the next list item. (A list's first item is its first
 * paragraph.) The list marker is dropped.
 */
export function readHints(markdown: string): Record<number, string> {
  const hints: Record<number, string> = {};
  const sections = markdown.split(/^## /m).slice(1);
  for (const section of sections) {
    const id = /^(\d+)\./.exec(section)?.[1];
    if (id === undefined) continue;
    const lines = section.split('\n').slice(1);
    const start = lines.findIndex(
      (l) => l.trim() !== '' && !l.trim().startsWith('#') && !l.trim().startsWith('```'),
    );
    if (start === -1) continue;
    const paragraph = [lines[start]!.trim().replace(LIST_ITEM, '')];
    for (const line of lines.slice(start + 1)) {
      const t = line.trim();
      if (t === '' || t.startsWith('#') || t.startsWith('```') || LIST_ITEM.test(t)) break;
      paragraph.push(t);
    }
    const text = paragraph.join(' ');
    hints[Number(id)] = text.length > HINT_LIMIT ? `${text.slice(0, HINT_LIMIT - 1)}…` : text;
  }
  return hints;
}

export function readKata(root: string, entry: KataEntry): KataSpec {
  const dir = join(root, 'katas', entry.slug);
  const json = readJson<Partial<KataSpec>>(join(dir, 'kata.json'));
  if (!Array.isArray(json.stages) || json.stages.length === 0) {
    throw new GraderError(`katas/${entry.slug}/kata.json has no stages`);
  }
  const config = join(dir, 'vitest.config.ts');
  const timeout = existsSync(config)
    ? /testTimeoutMs:\s*([\d_]+)/.exec(readFileSync(config, 'utf8'))?.[1]
    : undefined;
  const hintsFile = join(dir, 'HINTS.md');
  return {
    slug: entry.slug,
    title: json.title ?? entry.title,
    order: entry.order,
    timeBudgetSeconds: json.timeBudgetSeconds ?? 120,
    forbiddenModules: json.forbiddenModules ?? [],
    forbiddenGlobals: Array.isArray(json.forbiddenGlobals)
      ? json.forbiddenGlobals.filter((g) => typeof g === 'string' && /^[A-Za-z_$][\w$]*$/.test(g))
      : [],
    stages: json.stages,
    testTimeoutMs: timeout === undefined ? 10_000 : Number(timeout.replaceAll('_', '')),
    hints: existsSync(hintsFile) ? readHints(readFileSync(hintsFile, 'utf8')) : {},
  };
}
