/**
 * Edges of stage 1 the main spec leaves open: a name that only starts with a dot has no
 * extension, and a name that is neither a file nor a directory (a FIFO) is not served.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

beforeAll(() => {
  writeFileSync(join(web().root, '.css'), 'dot css\n');
  writeFileSync(join(web().root, 'sub', '.html'), 'dot html\n');
});

describe('1. Serve a file', () => {
  describe('Content-Type of a name that starts with its only dot', () => {
    it.each([
      ['/.css', 'dot css\n'],
      ['/sub/.html', 'dot html\n'],
    ])(
      'serves %s as application/octet-stream: a leading dot starts a name, not an extension',
      async (path, body) => {
        const why = hint(
          1,
          'the extension is after the last dot of the file name, and a leading dot starts a name',
        );
        const server = await start({ dotfiles: 'allow' });
        const res = await get(server, path);
        expect(res.status, why).toBe(200);
        expect(text(res), why).toBe(body);
        expect(res.headers['content-type'], why).toBe('application/octet-stream');
      },
    );
  });

  describe('only regular files are served', () => {
    it.skipIf(process.platform === 'win32')('answers 404 for a FIFO (named pipe)', async () => {
      const why = hint(1, 'serve a regular file; anything else that is not a directory is 404');
      execFileSync('mkfifo', [join(web().root, 'pipe')]);
      const server = await start();
      expect((await get(server, '/pipe')).status, why).toBe(404);
    });
  });

  describe('absolute-form with an empty path (RFC 9110 §4.2.3)', () => {
    it('reads "http://host?x=1" as "/?x=1": the root index page', async () => {
      const why = hint(
        1,
        'an empty path in absolute-form is "/" (RFC 9110 §4.2.3), the query stays',
      );
      const server = await start();
      const res = await get(server, `http://127.0.0.1:${server.port}?x=1`);
      expect(res.status, why).toBe(200);
      expect(text(res), why).toContain('the root index page');
    });
  });
});
