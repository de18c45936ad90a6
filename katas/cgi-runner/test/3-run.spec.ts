import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { CgiError, type CgiRequest, cgiEnvironment, runCgi } from '../src/index.ts';
import { CGI_BIN, cgiRequest, collect, run, script, specEnv, useNoLeftovers } from './support.ts';

useNoLeftovers();

async function envFrom(over: Partial<CgiRequest> = {}) {
  const res = await run('env-json', over);
  return JSON.parse((await collect(res)).toString()) as {
    env: Record<string, string>;
    argv: string[];
    cwd: string;
  };
}

describe('3. Run a script', () => {
  describe('a /bin/sh script', () => {
    it('resolves with the parsed head', async () => {
      const res = await run('hello.sh');
      expect(res.head?.kind).toBe('document');
      expect(res.head?.headers).toEqual([['Content-Type', 'text/plain']]);
      await collect(res);
    });
    it('streams the body after the head', async () => {
      const res = await run('hello.sh');
      expect(
        (await collect(res)).toString(),
        hint(3, 'the bytes after the empty line are the body'),
      ).toBe('hello\n');
    });
    it('accepts a head written with CRLF', async () => {
      const res = await run('crlf.sh');
      expect(res.head?.headers).toContainEqual(['X-Line-End', 'crlf']);
      expect((await collect(res)).toString()).toBe('body\n');
    });
    it('waits for a head that arrives in pieces, keeping the first piece', async () => {
      const res = await run('split-head.sh');
      expect(res.head?.headers, hint(3, 'buffer stdout until the empty line')).toEqual([
        ['Content-Type', 'text/plain'],
        ['X-Second', 'piece'],
      ]);
      expect((await collect(res)).toString()).toBe('whole\n');
    });
    it('a script that finished in time keeps its body for a slow reader', async () => {
      const res = await run('hello.sh', {}, { timeoutMs: 300 });
      await res.exited;
      // Past the time limit before reading a byte: the script is done, nothing may be cut.
      await new Promise((r) => setTimeout(r, 500));
      expect(
        (await collect(res)).toString(),
        hint(3, 'stop the timer when the script is done'),
      ).toBe('hello\n');
    });
    it('resolves exited with the exit code', async () => {
      const res = await run('hello.sh');
      await collect(res);
      const { code: exitCode } = await res.exited;
      expect(exitCode, hint(3, 'exited resolves with the exit code of the script')).toBe(0);
    });
  });

  describe('the environment the script sees', () => {
    it('is exactly cgiEnvironment(request, options): nothing else', async () => {
      const request = cgiRequest({ queryString: 'q=1', pathInfo: '/p' });
      const res = await runCgi(script('env-json'), request, { env: specEnv() });
      const seen = JSON.parse((await collect(res)).toString()).env;
      expect(seen, hint(3, 'spawn with env: the meta-variables, not process.env')).toEqual(
        cgiEnvironment(request, { env: specEnv() }),
      );
    });
    it('carries the request fields as HTTP_*', async () => {
      const { env } = await envFrom({ headers: [['X-Probe', 'seen']] });
      expect(env.HTTP_X_PROBE).toBe('seen');
    });
    it('gets no argv words by default, whatever the query', async () => {
      const { argv } = await envFrom({ queryString: 'word1+word2' });
      expect(argv, hint(3, 'spawn(file, []) — the query is not a command line')).toEqual([]);
    });
    it('runs in the directory of the script (RFC 3875 §7.2)', async () => {
      const { cwd } = await envFrom();
      expect(cwd).toBe(CGI_BIN);
    });
    it('runs a script whose file name has a space: no shell splits it', async () => {
      const res = await run('with space.sh');
      expect(
        (await collect(res)).toString(),
        hint(3, 'spawn the file itself, never a command string'),
      ).toContain('SCRIPT_NAME=/cgi-bin/with space.sh');
    });
  });

  describe('the body on stdin (RFC 3875 §4.2)', () => {
    it('reaches stdin byte for byte, binary included', async () => {
      const body = Buffer.from([0, 1, 2, 255, 254, 13, 10, 0x41]);
      const res = await run('echo-body', { method: 'POST', body });
      expect(res.head?.headers).toContainEqual(['X-Got', '8']);
      expect(await collect(res)).toEqual(body);
    });
    it('is followed by end of file (a script reading to EOF finishes)', async () => {
      const res = await run('echo-body', { method: 'POST', body: Buffer.from('abc') });
      expect(res.head?.headers).toContainEqual(['X-Content-Length', '3']);
      expect((await collect(res)).toString()).toBe('abc');
    });
    it('a shell script can read exactly CONTENT_LENGTH bytes', async () => {
      const body = Buffer.from('x'.repeat(10_000));
      const res = await run('echo-body.sh', { method: 'POST', body });
      expect((await collect(res)).length).toBe(10_000);
    });
    it('a script with no body gets an empty stdin at once (no hang)', async () => {
      const res = await run('echo-body');
      expect(res.head?.headers).toContainEqual(['X-Got', '0']);
      expect(res.head?.headers).toContainEqual(['X-Content-Length', 'unset']);
      await collect(res);
    });
    it('a script that never reads a large body still answers (EPIPE is not an error)', async () => {
      const res = await run('hello.sh', {
        method: 'POST',
        body: Buffer.alloc(2 * 1024 * 1024, 0x61),
      });
      expect((await collect(res)).toString()).toBe('hello\n');
    });
  });

  describe('stderr', () => {
    it('goes to onStderr line by line, with the script name, never to the body', async () => {
      const lines: Array<[string, string]> = [];
      const res = await run(
        'stderr.sh',
        {},
        { onStderr: (line: string, name: string) => lines.push([line, name]) },
      );
      expect((await collect(res)).toString()).toBe('ok\n');
      await res.exited;
      expect(
        lines.map(([l]) => l),
        hint(3, 'split stderr on LF, drop a CR before it; the last line may have no LF'),
      ).toEqual(['first warning', 'second warning', 'late note']);
      expect(lines[0]?.[1]).toBe('/cgi-bin/stderr.sh');
    });
    it('a last line ending in LF is not followed by an empty one', async () => {
      const lines: string[] = [];
      await expectRejectCode(
        run('crash.sh', {}, { onStderr: (line: string) => lines.push(line) }),
        CgiError,
        'ERR_CGI_INCOMPLETE_HEADER',
      );
      expect(lines, hint(3, 'a line is what comes before LF')).toEqual(['about to fail']);
    });
  });

  describe('scripts that fail', () => {
    it('rejects ERR_CGI_MALFORMED_HEADER for output that is not a CGI head', async () => {
      await expectRejectCode(
        run('malformed.sh'),
        CgiError,
        'ERR_CGI_MALFORMED_HEADER',
        hint(3, 'parse the head as it arrives'),
      );
    });
    it('rejects ERR_CGI_INCOMPLETE_HEADER for a script that exits before its head', async () => {
      await expectRejectCode(
        run('crash.sh'),
        CgiError,
        'ERR_CGI_INCOMPLETE_HEADER',
        hint(3, 'stdout ended with no empty line'),
      );
    });
    it('rejects ERR_CGI_SPAWN for a script whose interpreter does not exist', async () => {
      await expectRejectCode(
        run('bad-interpreter.sh'),
        CgiError,
        'ERR_CGI_SPAWN',
        hint(3, "listen for the child's 'error' event"),
      );
    });
    it('rejects ERR_CGI_SPAWN for a file that does not exist', async () => {
      await expectRejectCode(
        run('no-such-script.sh'),
        CgiError,
        'ERR_CGI_SPAWN',
        hint(3, 'ENOENT from spawn'),
      );
    });
  });

  describe('a non-parsed-header script (nph-, RFC 3875 §5)', () => {
    it('resolves with no head and every byte of stdout as the body', async () => {
      const res = await run('nph-raw.sh');
      expect(res.head, hint(3, 'nph- scripts are not parsed')).toBeUndefined();
      expect((await collect(res)).toString('latin1')).toBe(
        'HTTP/1.1 299 Custom\r\nX-Nph: yes\r\nContent-Type: text/plain\r\n\r\nraw bytes\n',
      );
    });
  });
});
