/** Reading the course: katas.json, each kata's kata.json, HINTS.md and test timeout. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KataEntry {
  slug: string;
  title: string;
  order: number;
  status: string;
}

export interface Stage {
  id: number;
  title: string;
  weight: number;
}

export interface KataSpec {
  slug: string;
  title: string;
  order: number;
  timeBudgetSeconds: number;
  forbiddenModules: string[];
  stages: Stage[];
  /** Per-test timeout, from the kata's own vitest.config.ts (`testTimeoutMs: N`) or 10 s. */
  testTimeoutMs: number;
  /** First line of each stage's HINTS.md section, by stage id. */
  hints: Record<number, string>;
}

export class GraderError extends Error {
  override readonly name = 'GraderError';
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new GraderError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** `1. Split a URI into components`: the top-level describe of a stage. */
export const stageTitle = (stage: Pick<Stage, 'id' | 'title'>): string =>
  `${stage.id}. ${stage.title}`;

export function availableKatas(root: string): KataEntry[] {
  const manifest = readJson<{ katas?: KataEntry[] }>(join(root, 'katas.json'));
  if (!Array.isArray(manifest.katas)) throw new GraderError(`${root}/katas.json has no "katas"`);
  return manifest.katas.filter((k) => k.status === 'available').sort((a, b) => a.order - b.order);
}

/** The first non-empty, non-heading line of each `## N. …` section of HINTS.md. */
export function readHints(markdown: string): Record<number, string> {
  const hints: Record<number, string> = {};
  const sections = markdown.split(/^## /m).slice(1);
  for (const section of sections) {
    const id = /^(\d+)\./.exec(section)?.[1];
    if (id === undefined) continue;
    const line = section
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('#') && !l.startsWith('```'));
    if (line !== undefined) hints[Number(id)] = line.length > 160 ? `${line.slice(0, 159)}…` : line;
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
    stages: json.stages,
    testTimeoutMs: timeout === undefined ? 10_000 : Number(timeout.replaceAll('_', '')),
    hints: existsSync(hintsFile) ? readHints(readFileSync(hintsFile, 'utf8')) : {},
  };
}
