/**
 * What the cgi-runner specs share: the fixture directories, an environment for the scripts, a
 * server on loopback per test (closed after each), request builders, and the check that no
 * script outlives the spec file.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  listen,
  type RawRequest,
  type RunningServer,
  request,
  useSocketHarness,
  type WireResponse,
} from '@hbu/kata-kit/socket-harness';
import { afterAll, afterEach, expect } from 'vitest';
import {
  type CgiRequest,
  type CgiResponse,
  type CgiServerOptions,
  createCgiServer,
  runCgi,
} from '../src/index.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const CGI_BIN = join(FIXTURES, 'cgi-bin');
export const WWW = join(FIXTURES, 'www');

/** Every script a spec starts carries this variable, and so does every process it forks. */
export const MARKER = `HBU_CGI_SPEC_${randomUUID().replaceAll('-', '')}`;

/** PATH with node's own directory first (node scripts start with `#!/usr/bin/env node`). */
export const SCRIPT_PATH = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

/** The `env` option every spec passes: PATH, and the marker. */
export const specEnv = (): Record<string, string> => ({ PATH: SCRIPT_PATH, [MARKER]: '1' });

/** A CgiRequest for runCgi / cgiEnvironment, with plausible defaults. */
export function cgiRequest(over: Partial<CgiRequest> = {}): CgiRequest {
  return {
    method: 'GET',
    protocol: 'HTTP/1.1',
    headers: [['Host', 'example.test:8080']],
    scriptName: '/cgi-bin/env-json',
    pathInfo: '',
    queryString: '',
    remoteAddr: '192.0.2.7',
    serverName: 'example.test',
    serverPort: 8080,
    ...over,
  };
}

/** Runs the fixture script `name` with runCgi, as /cgi-bin/<name>, in the specs' environment. */
export const run = (name: string, over: Partial<CgiRequest> = {}, options = {}) =>
  runCgi(script(name), cgiRequest({ scriptName: `/cgi-bin/${name}`, ...over }), {
    env: specEnv(),
    ...options,
  });

/** The whole body of a runCgi response. */
export async function collect(res: CgiResponse): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of res.body) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

/** The absolute path of a fixture script. */
export const script = (name: string): string => join(CGI_BIN, name);

/**
 * A CGI response as an X-Response header value for respond.sh, which prints it with
 * `printf '%b'`: backslash, CR, LF, other controls and non-ASCII bytes become `\\`, `\r`,
 * `\n` and `\0ooo` escapes.
 */
export function esc(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'latin1')) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte > 0x7e) out += `\\0${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}

/**
 * Registers the socket harness (every server and socket closed after each test) and the
 * leftover-process check after the file; returns `start(options)`.
 */
export function useCgiServer(): (options?: Partial<CgiServerOptions>) => Promise<RunningServer> {
  useSocketHarness(afterEach);
  useNoLeftovers();
  return (options = {}) =>
    listen(() =>
      createCgiServer({ cgiBin: CGI_BIN, static: { root: WWW }, env: specEnv(), ...options }),
    );
}

/** GET (or another method) on a fresh connection. */
export function get(
  server: RunningServer,
  target: string,
  headers: Record<string, string> | Array<[string, string]> = {},
  extra: Partial<RawRequest> = {},
): Promise<WireResponse> {
  return request(server.port, { target, headers, ...extra }, { timeoutMs: 8_000 });
}

/** The body as UTF-8 text. */
export const text = (res: WireResponse): string => res.body.toString('utf8');

/** The environment env-json reported. */
export function envOf(res: WireResponse): Record<string, string> {
  expect(res.status, `env-json answered ${res.status}: ${text(res)}`).toBe(200);
  return (JSON.parse(text(res)) as { env: Record<string, string> }).env;
}

/** Pids of live processes (not zombies) whose environment holds MARKER. Empty where /proc is absent. */
export function leftoverProcesses(): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (!environ.includes(`${MARKER}=`)) continue;
      if (isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** True while `pid` is a running process (a zombie counts as dead). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Polls `ready` every 25 ms for up to `ms`; resolves whether it became true. */
export async function until(ready: () => boolean | Promise<boolean>, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return ready();
}

/** Waits up to `ms` for `pid` to die; resolves whether it did. */
export async function diesWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return !isAlive(pid);
}

/** After the spec file: no script (or anything it forked) may still run (README §6). */
export function useNoLeftovers(): void {
  afterAll(async () => {
    const deadline = Date.now() + 3_000;
    let left = leftoverProcesses();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      left = leftoverProcesses();
    }
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    expect(
      left,
      'hint: processes outlived the spec file: kill the whole process group (HINTS.md §6)',
    ).toEqual([]);
  });
}
