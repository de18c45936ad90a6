/**
 * npm run leaderboard -- <results files or folders…> --out DIR [--title T] [--refresh SECONDS]
 *   [--cache FILE [--cache-immutable]] [--allow-unsandboxed]
 *
 * --cache keeps what ranking needs of each file between runs, so only new files are read;
 * --cache-immutable trusts path and size alone (an append-only history, e.g. the data branch).
 *
 * Results are checked against this checkout's course (katas.json, kata.json); only results graded
 * in the sandbox count unless --allow-unsandboxed (a local dry run).
 * Bad files are listed on stderr with the reason and skipped; the board is still written.
 * Exit code 2 on a usage error, 0 otherwise.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildLeaderboard } from './build.ts';

/** npm runs scripts from the root; paths on the command line are relative to where it was typed. */
const cwd = process.env.INIT_CWD ?? process.cwd();

export function main(argv: string[]): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    console.error(`leaderboard: ${(error as Error).message}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || !values.out) {
    console.error(
      'usage: npm run leaderboard -- <results files or folders…> --out DIR [--title T] [--refresh SECONDS] [--cache FILE [--cache-immutable]] [--allow-unsandboxed]',
    );
    return values.help ? 0 : 2;
  }
  const refresh = values.refresh === undefined ? 0 : Number(values.refresh);
  if (!Number.isInteger(refresh) || refresh < 0) {
    console.error(
      `leaderboard: --refresh must be a whole number of seconds, got ${values.refresh}`,
    );
    return 2;
  }
  const report = buildLeaderboard({
    inputs: positionals.map((p) => resolve(cwd, p)),
    out: resolve(cwd, values.out),
    refreshSeconds: refresh,
    ...(values.cache === undefined
      ? {}
      : {
          cache: {
            file: resolve(cwd, values.cache),
            immutable: values['cache-immutable'] === true,
          },
        }),
    allowUnsandboxed: values['allow-unsandboxed'] === true,
    ...(values.title === undefined ? {} : { title: values.title }),
  });
  for (const w of report.warnings) console.error(`warning: ${w}`);
  for (const r of report.rejected) console.error(`rejected: ${r}`);
  const { entries } = report.board;
  console.log(
    `leaderboard: ${entries.length} participants from ${entries.reduce((s, e) => s + e.submissions, 0)} results` +
      ` (${report.rejected.length} rejected) → ${values.out}`,
  );
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      title: { type: 'string' },
      refresh: { type: 'string' },
      cache: { type: 'string' },
      'cache-immutable': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      'allow-unsandboxed': { type: 'boolean' },
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = main(process.argv.slice(2));
}
