/**
 * Edges of the cgi-bin directory (README §4): how the prefix is written, and a symlink that
 * leads back to the directory itself.
 */
import { chmodSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { afterAll, describe, expect, it } from 'vitest';
import { mapScript } from '../src/index.ts';
import { envOf, get, useCgiServer } from './support.ts';

const start = useCgiServer();
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'cgi-runner-4e-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('4. The cgi-bin directory', () => {
  it('a prefix given with trailing slashes names the same directory', async () => {
    const server = await start({ prefix: '/cgi-bin//' });
    const res = await get(server, '/cgi-bin/env-json');
    expect(envOf(res).SCRIPT_NAME, hint(4, 'drop every trailing "/" of the prefix')).toBe(
      '/cgi-bin/env-json',
    );
  });

  it('a symlink to the directory itself stays inside it', async () => {
    const file = join(tmp, 'run.sh');
    writeFileSync(file, "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nran\\n'\n");
    chmodSync(file, 0o755);
    symlinkSync('.', join(tmp, 'self'));
    expect(
      await mapScript(tmp, '/cgi-bin', '/cgi-bin/self/run.sh/x'),
      hint(4, 'the directory itself is inside the directory'),
    ).toEqual({
      status: 200,
      file,
      scriptName: '/cgi-bin/self/run.sh',
      pathInfo: '/x',
    });
  });
});
