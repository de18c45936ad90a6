/**
 * From a request path to a script (README §4): `/cgi-bin/<script>/<path-info>`.
 *
 * The path is split into segments BEFORE decoding and each segment is decoded once: a `%2F` is
 * never a separator, `%2e%2e` is never a parent directory. A decoded segment that is `.` or
 * `..`, or holds `/`, `\` or NUL cannot name a file under the directory: 400. Apache 2.4.49
 * (CVE-2021-41773) and 2.4.50 (CVE-2021-42013, `%%32%65`) decoded first and normalised later,
 * and `/cgi-bin/.%2e/.%2e/bin/sh` ran /bin/sh.
 *
 * The script is the first segment (walking down directories) that is a regular file: executable,
 * not a dotfile, inside the directory once symlinks are resolved. The rest is PATH_INFO.
 *
 * The checks are synchronous system calls on purpose: each is a few microseconds on a cached
 * directory entry, where the promise API sends each one to libuv's thread pool and back (a
 * thread wake-up, a context switch and a promise per call, three calls per segment) — more
 * than the call itself. The `spawn` that follows blocks the event loop far longer anyway: it
 * waits for the child's `execve`, which walks the same path.
 */
import { accessSync, constants, realpathSync, type Stats, statSync } from 'node:fs';
import { join, sep } from 'node:path';

export type ScriptMatch =
  | { status: 200; file: string; scriptName: string; pathInfo: string }
  | { status: 400 | 403 | 404 };

/** Decodes one segment; undefined when it is not valid percent-encoded UTF-8 or is unsafe. */
function decodeSegment(raw: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) return undefined;
  return decoded;
}

/**
 * Maps `path` (the request-target's path, still percent-encoded, no query) under `prefix`
 * (e.g. `/cgi-bin`) to a script in `dir`. `dir` must be a real path (no symlinks).
 */
export async function mapScript(dir: string, prefix: string, path: string): Promise<ScriptMatch> {
  if (!path.startsWith(`${prefix}/`)) return { status: 404 };
  const raw = path.slice(prefix.length + 1).split('/');
  const segments: string[] = [];
  for (const part of raw) {
    const decoded = decodeSegment(part);
    // An empty segment is allowed only in PATH_INFO (`/a//b`, a trailing "/"); decoded later.
    if (decoded === undefined && part !== '') return { status: 400 };
    segments.push(decoded ?? '');
  }
  let current = dir;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    // `/cgi-bin/` or `/cgi-bin/sub/`: a directory, never listed.
    if (name === '') return { status: i === segments.length - 1 ? 403 : 404 };
    if (name.startsWith('.')) return { status: 404 };
    current = join(current, name);
    let info: Stats;
    let real: string;
    try {
      info = statSync(current);
      real = realpathSync.native(current);
    } catch {
      return { status: 404 };
    }
    if (real !== dir && !real.startsWith(`${dir}${sep}`)) return { status: 404 };
    if (info.isDirectory()) continue;
    if (!info.isFile()) return { status: 403 };
    try {
      accessSync(real, constants.X_OK);
    } catch {
      return { status: 403 };
    }
    if ((info.mode & 0o111) === 0) return { status: 403 };
    const rest = segments.slice(i + 1);
    return {
      status: 200,
      file: real,
      scriptName: `${prefix}/${segments.slice(0, i + 1).join('/')}`,
      pathInfo: rest.length === 0 ? '' : `/${rest.join('/')}`,
    };
  }
  // The path ends on a directory: there is no script to run.
  return { status: 403 };
}
