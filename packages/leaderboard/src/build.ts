import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CopyPair, copiesCsv } from '@hbu/copy-check';
import { type CourseKata, readCourse } from '@hbu/results';
import { aggregate, type Board, type CourseColumn } from './aggregate.ts';
import { REPO_ROOT, readCourseColumns } from './course.ts';
import { type CacheOptions, FactsCache } from './facts-cache.ts';
import { type HtmlOptions, renderHtml } from './render-html.ts';
import { renderCsv, renderJson, renderMarkdown } from './render-text.ts';

export interface BuildOptions extends Omit<HtmlOptions, 'rejected'> {
  inputs: string[];
  out: string;
  now?: number;
  /** The board's columns (default: this repository's katas.json); [] for results only. */
  course?: CourseColumn[];
  /** The trusted course results are validated against; default: this checkout's katas.json and kata.json files. */
  trustedCourse?: CourseKata[];
  /** Accept results graded outside the sandbox (a local dry run, or the room's own sealed files); default false. */
  allowUnsandboxed?: boolean;
  /** Why a results file is not to be ranked (the room's seal check), or null to rank it. */
  verify?: (file: string) => string | null;
  /** A facts cache kept between builds (serve), or where to keep one on disk. */
  cache?: FactsCache | CacheOptions;
}

/** This checkout, whose katas.json and kata.json files are the trusted course. */
export const ownRoot = REPO_ROOT;

export interface BuildReport {
  board: Board;
  rejected: string[];
  warnings: string[];
  files: string[];
}

/**
 * Loads, ranks and writes leaderboard.json, leaderboard.md, leaderboard.csv and index.html (and
 * copies.csv when copy-check pairs are given).
 */
export function buildLeaderboard(options: BuildOptions): BuildReport {
  const cache =
    options.cache instanceof FactsCache ? options.cache : new FactsCache(options.cache ?? {});
  const base = options.inputs.length === 1 ? options.inputs[0]! : process.cwd();
  const loaded = cache.load(
    options.inputs,
    base,
    {
      course: options.trustedCourse ?? readCourse(ownRoot),
      requireSandbox: !options.allowUnsandboxed,
    },
    options.verify,
  );
  cache.save();
  const board = aggregate(loaded.results, {
    ...(options.now === undefined ? {} : { now: options.now }),
    course: options.course ?? readCourseColumns(),
  });
  return writeBoard(board, options, loaded.rejected, loaded.warnings);
}

/** Writes the outputs of a ranked board (shared by the build and the room). */
export function writeBoard(
  board: Board,
  options: Omit<BuildOptions, 'inputs'>,
  rejected: string[],
  warnings: string[],
): BuildReport {
  mkdirSync(options.out, { recursive: true });
  const copies: CopyPair[] | undefined = options.copies;
  const outputs: Record<string, string> = {
    'leaderboard.json': renderJson(board, rejected, warnings, copies),
    'leaderboard.md': renderMarkdown(board, options.title),
    'leaderboard.csv': renderCsv(board),
    'index.html': renderHtml(board, { ...options, rejected: rejected.length }),
  };
  if (copies !== undefined) outputs['copies.csv'] = copiesCsv(copies);
  const files: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    const file = join(options.out, name);
    writeFileSync(file, text);
    files.push(file);
  }
  return { board, rejected, warnings, files };
}
