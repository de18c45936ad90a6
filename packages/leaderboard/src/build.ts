import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregate, type Board } from './aggregate.ts';
import { loadResults } from './load.ts';
import { type HtmlOptions, renderHtml } from './render-html.ts';
import { renderCsv, renderJson, renderMarkdown } from './render-text.ts';

export interface BuildOptions extends HtmlOptions {
  inputs: string[];
  out: string;
  now?: number;
}

export interface BuildReport {
  board: Board;
  rejected: string[];
  warnings: string[];
  files: string[];
}

/** Loads, ranks and writes leaderboard.json, leaderboard.md, leaderboard.csv and index.html. */
export function buildLeaderboard(options: BuildOptions): BuildReport {
  const loaded = loadResults(options.inputs);
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
