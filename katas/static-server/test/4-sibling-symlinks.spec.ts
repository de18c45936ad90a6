/**
 * Round two of stage 4: the real path of a symlink must be inside the root AS A DIRECTORY. The
 * web root is `<base>/root`; a sibling `<base>/root-sibling` starts with the same characters, so
 * a containment check written `real.startsWith(root)` (no separator) lets a symlink inside the
 * root reach it — the symlink form of CVE-2014-6394.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, SECRET, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

const INSIDE = hint(
  4,
  'compare real paths with the root plus a separator: "/srv/root-sibling" starts with "/srv/root"',
);

beforeAll(() => {
  const { base, root } = web();
  const sibling = join(base, 'root-sibling');
  mkdirSync(sibling);
  writeFileSync(join(sibling, 'secret.txt'), `${SECRET} in the sibling\n`);
  writeFileSync(join(sibling, 'index.html'), `<p>${SECRET} index in the sibling</p>\n`);
  symlinkSync('../root-sibling', join(root, 'to-sibling'));
  symlinkSync('../root-sibling/secret.txt', join(root, 'sibling-secret.txt'));
  mkdirSync(join(root, 'index-escape'));
  symlinkSync('../../root-sibling/index.html', join(root, 'index-escape', 'index.html'));
});

describe('4. Paths', () => {
  describe('symlinks into a sibling directory whose name starts with the root’s', () => {
    it('does not serve a file symlinked from the sibling', async () => {
      const server = await start();
      const res = await get(server, '/sibling-secret.txt');
      expect(text(res)).not.toContain(SECRET);
      expect(res.status, INSIDE).toBe(404);
    });

    it('does not serve a file through a symlinked sibling directory', async () => {
      const server = await start();
      const res = await get(server, '/to-sibling/secret.txt');
      expect(text(res)).not.toContain(SECRET);
      expect(res.status, INSIDE).toBe(404);
    });

    it('does not list the sibling directory through the symlink', async () => {
      const server = await start({ listing: true });
      const res = await get(server, '/to-sibling/');
      expect(text(res)).not.toContain('secret.txt');
      expect(res.status, INSIDE).toBe(404);
    });

    it('does not redirect to the symlinked sibling as if it were a directory of the root', async () => {
      const server = await start();
      expect((await get(server, '/to-sibling')).status, INSIDE).toBe(404);
    });

    it('does not serve an index file that is a symlink into the sibling', async () => {
      const server = await start();
      const res = await get(server, '/index-escape/');
      expect(text(res), INSIDE).not.toContain(SECRET);
      expect(res.status, INSIDE).not.toBe(200);
    });

    it('does not serve a range of the sibling’s file either', async () => {
      const server = await start();
      const res = await get(server, '/sibling-secret.txt', { Range: 'bytes=0-3' });
      expect(text(res)).not.toContain('TOP');
      expect(res.status, INSIDE).toBe(404);
    });
  });
});
