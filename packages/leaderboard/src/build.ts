import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type CopyPair, copiesCsv } from '@hbu/copy-check';
import { aggregate, type Board, type CourseKata } from './aggregate.ts';
import { readCourse } from './course.ts';
import { listResultFiles, loadResults } from './load.ts';
import { type HtmlOptions, renderHtml } from './render-html.ts';
import { renderCsv, renderJson, renderMarkdown } from './render-text.ts';

export interface BuildOptions extends Omit<HtmlOptions, 'rejected'> {
  inputs: string[];
  out: string;
  now?: number;
  /** The course's katas (default: this repository's katas.json); [] for results only. */
  course?: CourseKata[];
  /** Why a results file is not to be ranked (the room's seal check), or null to rank it. */
  verify?: (file: string) => string | null;
}

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
  let inputs = options.inputs;
  const refused: string[] = [];
  if (options.verify) {
    const { files, missing } = listResultFiles(inputs);
    inputs = [...missing];
    for (const file of files) {
      const why = options.verify(file);
      if (why === null) inputs.push(file);
      else refused.push(`${relative(process.env.INIT_CWD ?? process.cwd(), file) || file}: ${why}`);
    }
  }
  const loaded = loadResults(inputs);
  loaded.rejected.push(...refused);
  const board = aggregate(loaded.results, {
    ...(options.now === undefined ? {} : { now: options.now }),
    course: options.course ?? readCourse(),
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
