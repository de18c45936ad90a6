import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LIMITS, type ResultFacts, type ValidationContext, validateResults } from './validate.ts';

export interface Loaded {
  results: ResultFacts[];
  /** One line per file that was not used, naming the file and why. */
  rejected: string[];
  /** One line per file that was used but cleaned. */
  warnings: string[];
}

/**
 * Every `*.json` file under the given files and folders (recursively, symlinks not followed:
 * a results folder is data, and a link out of it is not), sorted so a run is reproducible.
 */
export function listResultFiles(inputs: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  // Inside a folder the directory entry's type is enough (no lstat per file: a history holds
  // tens of thousands of results); only the inputs themselves are lstat'ed.
  const walkDir = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walkDir(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
    }
  };
  const walk = (path: string): void => {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      missing.push(path);
      return;
    }
    if (stat.isDirectory()) walkDir(path);
    else if (stat.isFile()) files.push(path);
  };
  for (const input of inputs) walk(input);
  return { files: [...new Set(files)], missing };
}

/** Reads and validates every results file against the trusted course; bad files are reported, never fatal. */
export function loadResults(
  inputs: string[],
  context: ValidationContext,
  cwd = process.env.INIT_CWD ?? process.cwd(),
): Loaded {
  const { files, missing } = listResultFiles(inputs);
  const loaded: Loaded = {
    results: [],
    rejected: missing.map((m) => `${m}: no such file or folder`),
    warnings: [],
  };
  for (const file of files) {
    const name = relative(cwd, file) || file;
    const size = lstatSync(file).size;
    if (size > LIMITS.fileBytes) {
      loaded.rejected.push(
        `${name}: ${size} bytes is more than the ${LIMITS.fileBytes}-byte limit`,
      );
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      loaded.rejected.push(`${name}: unreadable (${(error as Error).message})`);
      continue;
    }
    const v = validateResults(text, name, context);
    if (v.ok) {
      loaded.results.push(v.result);
      loaded.warnings.push(...v.warnings);
    } else {
      loaded.rejected.push(v.error);
    }
  }
  return loaded;
}
