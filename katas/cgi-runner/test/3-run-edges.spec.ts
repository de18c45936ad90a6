/**
 * Edges of runCgi (README §3, §6): the options a caller passes (maxHeaderBytes, signal,
 * timeoutMs) hold at every point of a script's life, not only the common one.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectErrorCode, expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { afterAll, describe, expect, it } from 'vitest';
import { CgiError, runCgi } from '../src/index.ts';
import { cgiRequest, collect, esc, run, script, specEnv, useNoLeftovers } from './support.ts';

useNoLeftovers();

const tmp = mkdtempSync(join(tmpdir(), 'cgi-runner-3e-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A /bin/sh script written for one spec, outside the fixtures. */
function shScript(name: string, body: string): string {
  const file = join(tmp, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('3. Run a script', () => {
  it('maxHeaderBytes is the caller’s limit, not only the default', async () => {
    const head = `Content-Type: text/plain\nX-Pad: ${'p'.repeat(200)}\n\nbody\n`;
    await expectRejectCode(
      run('respond.sh', { headers: [['X-Response', esc(head)]] }, { maxHeaderBytes: 100 }),
      CgiError,
      'ERR_CGI_HEADER_TOO_LARGE',
      hint(3, 'pass options.maxHeaderBytes on to the head parser'),
    );
    // The same head under a limit it fits in is a response.
    const res = await run(
      'respond.sh',
      { headers: [['X-Response', esc(head)]] },
      { maxHeaderBytes: 1024 },
    );
    expect((await collect(res)).toString()).toBe('body\n');
  });

  it('an error of runCgi is a CgiError by name too', async () => {
    const error = await rejected(run('crash.sh'));
    expect(error).toBeInstanceOf(CgiError);
    expect((error as Error).name, hint(3, 'CgiError sets its name')).toBe('CgiError');
  });

  describe('the signal', () => {
    it('an abort before the head rejects ERR_CGI_ABORTED', async () => {
      const controller = new AbortController();
      const pending = run('slow.sh', {}, { signal: controller.signal });
      controller.abort();
      await expectRejectCode(
        pending,
        CgiError,
        'ERR_CGI_ABORTED',
        hint(6, 'an abort while the script runs kills it and rejects'),
      );
    });

    it('an abort after the script is done takes nothing away: the body is read whole', async () => {
      const controller = new AbortController();
      const res = await run('hello.sh', {}, { signal: controller.signal });
      await res.exited;
      controller.abort();
      expect(
        (await collect(res)).toString(),
        hint(6, 'stop listening to the signal once the output has ended'),
      ).toBe('hello\n');
    });
  });

  it('a script that closes stdout without a head but keeps running still times out', async () => {
    const file = shScript('close-stdout.sh', 'exec >&-\nexec sleep 30');
    await expectRejectCode(
      runCgi(file, cgiRequest({ scriptName: '/cgi-bin/close-stdout.sh' }), {
        env: specEnv(),
        timeoutMs: 300,
      }),
      CgiError,
      'ERR_CGI_TIMEOUT',
      hint(6, 'the end of stdout before a head is not the end of the time limit'),
    );
  });

  it('an nph script that cannot start: its body fails ERR_CGI_SPAWN and it has no exit code', async () => {
    const res = await runCgi(
      script('not-executable.sh'),
      cgiRequest({ scriptName: '/cgi-bin/nph-broken.sh' }),
      { env: specEnv() },
    );
    expectErrorCode(await rejected(collect(res)), CgiError, 'ERR_CGI_SPAWN', hint(3, 'spawn'));
    expect(await res.exited, hint(3, 'a script that never ran has no exit code')).toEqual({
      code: null,
      signal: null,
    });
  });
});
