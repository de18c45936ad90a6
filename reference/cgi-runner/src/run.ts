/**
 * Runs one script (RFC 3875 §7.2, UNIX): no shell in between — `spawn(file, argv)` with the
 * meta-variables as the whole environment, the body on stdin, the response on stdout, stderr
 * to a log, and the script's directory as its working directory.
 *
 * The script leads a process group of its own (`detached`): a timeout, an aborted request or
 * the end of the script kills the whole group, so a child it forked cannot outlive it.
 */
import { spawn } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { CgiError } from './errors.ts';
import { cgiEnvironment, isindexArgv } from './meta-variables.ts';
import { DEFAULT_MAX_HEADER_BYTES, parseCgiResponseHead } from './response-head.ts';
import type { CgiOptions, CgiRequest, CgiResponse } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Non-parsed-header scripts (§5): their output is the whole HTTP response. */
export function isNph(scriptName: string): boolean {
  return basename(scriptName).startsWith('nph-');
}

export function runCgi(
  script: string,
  request: CgiRequest,
  options: CgiOptions = {},
): Promise<CgiResponse> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new CgiError('ERR_CGI_ABORTED'));
    const env = cgiEnvironment(request, options);
    const argv = isindexArgv(request.queryString, request.method, options);
    // Without a body the script's stdin is /dev/null: end of file at once, as from an empty
    // pipe, without a pipe (and its stream) to create, end and close for every request.
    const child = spawn(script, argv, {
      cwd: dirname(script),
      env,
      detached: true,
      stdio: [request.body === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // Pipes, as asked above (the typings cannot tell from a stdio array built at run time).
    const stdout = child.stdout!;
    const stderr = child.stderr!;
    const body = new PassThrough();
    // A reader that stopped reading (a local redirect, a HEAD) must not see the late error as
    // an unhandled one; a reader still iterating gets it from the iterator.
    body.on('error', () => {});
    let settled = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.once('close', (code, signal) => done({ code, signal }));
      // A spawn failure emits 'error' and maybe never 'close'.
      child.once('error', () => done({ code: null, signal: null }));
    });

    const kill = (): void => {
      if (child.pid === undefined) return;
      try {
        // The negative pid names the process group: the script and everything it forked.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const fail = (error: CgiError): void => {
      kill();
      cleanup();
      if (!settled) {
        settled = true;
        reject(error);
      } else if (!body.destroyed) {
        body.destroy(error);
      }
    };
    const timer = setTimeout(
      () => fail(new CgiError('ERR_CGI_TIMEOUT')),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const onAbort = (): void => fail(new CgiError('ERR_CGI_ABORTED'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    child.once('error', (error) => {
      fail(new CgiError('ERR_CGI_SPAWN', error.message));
    });
    child.once('exit', () => {
      // The script is done: whatever it left running in its group goes with it.
      kill();
    });
    child.once('close', () => {
      cleanup();
      if (!settled) {
        settled = true;
        reject(new CgiError('ERR_CGI_INCOMPLETE_HEADER'));
      }
    });

    // The body, exactly CONTENT_LENGTH bytes, then EOF. A script that does not read it makes
    // the write fail with EPIPE: not an error of the request.
    if (child.stdin !== null) {
      child.stdin.on('error', () => {});
      child.stdin.end(request.body);
    }

    logLines(stderr, (line) => options.onStderr?.(line, request.scriptName));

    const nph = isNph(request.scriptName);
    const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
    let pending: Buffer = Buffer.alloc(0);
    const response: CgiResponse = { head: undefined, body, kill, exited };
    if (nph) {
      settled = true;
      resolve(response);
    }
    stdout.on('data', (chunk: Buffer) => {
      if (settled) {
        if (!body.write(chunk)) {
          stdout.pause();
          body.once('drain', () => stdout.resume());
        }
        return;
      }
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let parsed: ReturnType<typeof parseCgiResponseHead>;
      try {
        parsed = parseCgiResponseHead(pending, maxHeaderBytes);
      } catch (error) {
        fail(error as CgiError);
        return;
      }
      if (parsed === undefined) return;
      settled = true;
      response.head = parsed.head;
      const rest = pending.subarray(parsed.bodyStart);
      pending = Buffer.alloc(0);
      if (rest.length > 0) body.write(rest);
      resolve(response);
    });
    stdout.once('end', () => {
      if (settled && !body.destroyed) {
        cleanup();
        body.end();
      }
    });
  });
}

/** Calls `each` with every line of a stream (LF or CRLF), and with a last unterminated line. */
function logLines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) each(line.endsWith('\r') ? line.slice(0, -1) : line);
  });
  stream.on('end', () => {
    if (partial !== '') each(partial);
  });
}
