import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CourseKata, readCourse } from '@hbu/results';
import { aggregate, type Board } from './aggregate.ts';
import { loadResults } from './load.ts';
import { type HtmlOptions, renderHtml } from './render-html.ts';
import { renderCsv, renderJson, renderMarkdown } from './render-text.ts';

export interface BuildOptions extends HtmlOptions {
  inputs: string[];
  out: string;
  now?: number;
  /** The trusted course; default: this checkout's katas.json and kata.json files. */
  course?: CourseKata[];
  /** Accept results graded outside the sandbox (a local dry run); default false. */
  allowUnsandboxed?: boolean;
}

/** This checkout, whose katas.json and kata.json files are the trusted course. */
export const ownRoot = resolve(import.meta.dirname, '../../..');

export interface BuildReport {
  board: Board;
  rejected: string[];
  warnings: string[];
  files: string[];
}

/** Loads, ranks and writes leaderboard.json, leaderboard.md, leaderboard.csv and index.html. */
export function buildLeaderboard(options: BuildOptions): BuildReport {
  const loaded = loadResults(options.inputs, {
    course: options.course ?? readCourse(ownRoot),
    requireSandbox: !options.allowUnsandboxed,
  });
  const board = aggregate(loaded.results, options.now);
  mkdirSync(options.out, { recursive: true });
  const outputs: Record<string, string> = {
    'leaderboard.json': renderJson(board, loaded.rejected, loaded.warnings),
    'leaderboard.md': renderMarkdown(board, options.title),
    'leaderboard.csv': renderCsv(board),
    'index.html': renderHtml(board, { ...options, rejected: loaded.rejected.length }),
  };
  const files: string[] = [];
  for (const [name, text] of Object.entries(outputs)) {
    const file = join(options.out, name);
    writeFileSync(file, text);
    files.push(file);
  }
  return { board, rejected: loaded.rejected, warnings: loaded.warnings, files };
}
