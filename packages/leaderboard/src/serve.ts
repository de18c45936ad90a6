/**
 * npm run leaderboard:serve -- <folder> [--port 8080] [--host 127.0.0.1] [--refresh 10]
 *   [--allow-unsandboxed]
 *
 * Serves the leaderboard of a folder of results files on localhost for the room, and rebuilds it
 * whenever a file in the folder appears, changes or goes away (polled: works the same on every
 * file system, including network shares and containers where fs.watch misses events).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CopyPair } from '@hbu/copy-check';
import type { CourseKata } from '@hbu/results';
import { Command, InvalidArgumentError } from 'commander';
import type { CourseColumn } from './aggregate.ts';
import { buildLeaderboard } from './build.ts';
import { FactsCache } from './facts-cache.ts';
import { listResultFiles } from './load.ts';
import { CSP } from './render-html.ts';

export interface ServeOptions {
  folder: string;
  port?: number;
  host?: string;
  refreshSeconds?: number;
  pollMs?: number;
  title?: string;
  log?: (line: string) => void;
  /** The board's columns (default: this repository's katas.json). */
  course?: CourseColumn[];
  /** The trusted course results are validated against (default: this checkout's). */
  trustedCourse?: CourseKata[];
  /** Rank results graded outside the sandbox too (the room's own sealed files); default false. */
  allowUnsandboxed?: boolean;
  /** The view without `?view=` (default: the projector's). */
  defaultView?: 'table' | 'projector';
  /** Why a results file is not to be ranked, or null (the room's seal check). */
  verify?: (file: string) => string | null;
  /** Copy-check pairs to list in the instructor's view, asked at every build. */
  copies?: () => CopyPair[];
}

export interface Serving {
  url: string;
  /** Rebuild now if anything changed (or `force`); returns whether it rebuilt. */
  check: (force?: boolean) => boolean;
  builds: () => number;
  close: () => Promise<void>;
}

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'leaderboard.json': 'application/json; charset=utf-8',
  'leaderboard.md': 'text/markdown; charset=utf-8',
  'leaderboard.csv': 'text/csv; charset=utf-8',
  'copies.csv': 'text/csv; charset=utf-8',
};

function signature(folder: string): string {
  const { files } = listResultFiles([folder]);
  return files
    .map((f) => {
      try {
        const s = statSync(f);
        return `${f}:${s.size}:${s.mtimeMs}`;
      } catch {
        return `${f}:gone`;
      }
    })
    .join('\n');
}

export async function serve(options: ServeOptions): Promise<Serving> {
  const log = options.log ?? ((line: string) => console.log(line));
  const out = mkdtempSync(join(tmpdir(), 'hbu-leaderboard-'));
  let last: string | undefined;
  let builds = 0;
  // Kept between rebuilds: a rebuild reads only the results files that are new or changed.
  const cache = new FactsCache();
  const check = (force = false): boolean => {
    const now = signature(options.folder);
    if (now === last && !force) return false;
    last = now;
    const report = buildLeaderboard({
      inputs: [options.folder],
      out,
      refreshSeconds: options.refreshSeconds ?? 10,
      cache,
      defaultView: options.defaultView ?? 'projector',
      ...(options.verify === undefined ? {} : { verify: options.verify }),
      ...(options.copies === undefined ? {} : { copies: options.copies() }),
      ...(options.course === undefined ? {} : { course: options.course }),
      ...(options.trustedCourse === undefined ? {} : { trustedCourse: options.trustedCourse }),
      ...(options.allowUnsandboxed === undefined
        ? {}
        : { allowUnsandboxed: options.allowUnsandboxed }),
      ...(options.title === undefined ? {} : { title: options.title }),
    });
    builds += 1;
    for (const r of report.rejected) log(`rejected: ${r}`);
    log(
      `rebuilt: ${report.board.entries.length} participants, ${report.rejected.length} files rejected`,
    );
    return true;
  };
  check();
  const timer = setInterval(() => check(), options.pollMs ?? 1000);
  timer.unref();

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const name = path === '/' ? 'index.html' : path.slice(1);
    const type = TYPES[name];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (type === undefined || !existsSync(join(out, name))) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const body = readFileSync(join(out, name));
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/`;
  return {
    url,
    check,
    builds: () => builds,
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** A whole number in [min, max] from an option, or a clear error naming the option. */
export function wholeNumber(name: string, min: number, max: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run leaderboard:serve --')
    .description(
      'Serve the leaderboard of a folder of results files (projector view by default, ?view=table for the instructor), rebuilt whenever a file appears, changes or goes away.',
    )
    .argument('<folder>', 'folder of results files (grader JSON)')
    .option('-p, --port <n>', 'port to listen on', wholeNumber('--port', 0, 65535), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--refresh <s>',
      'seconds between checks of the folder',
      wholeNumber('--refresh', 1, 3600),
      10,
    )
    .option('--title <text>', 'title of the page')
    .option('--allow-unsandboxed', 'rank results graded without the sandbox (sandbox: false)')
    .showHelpAfterError('(run with --help for usage)');
  program.parse(argv, { from: 'user' });
  const values = program.opts<{
    port: number;
    host: string;
    refresh: number;
    title?: string;
    allowUnsandboxed?: boolean;
  }>();
  const folder = program.args[0]!;
  const serving = await serve({
    folder: resolve(process.env.INIT_CWD ?? process.cwd(), folder),
    port: values.port,
    host: values.host,
    refreshSeconds: values.refresh,
    allowUnsandboxed: values.allowUnsandboxed === true,
    ...(values.title === undefined ? {} : { title: values.title }),
  });
  console.log(`leaderboard: serving ${folder} at ${serving.url} (Ctrl-C to stop)`);
  const stop = (): void => {
    void serving.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
