/**
 * Edges of stage 3 the main specs leave open: an index name that is a directory is no index,
 * and a listing names its directory and links exactly its entries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

beforeAll(() => {
  // A directory whose "index.html" is itself a directory.
  mkdirSync(join(web().root, 'odd-index', 'index.html'), { recursive: true });
  writeFileSync(join(web().root, 'odd-index', 'note.txt'), 'note\n');
});

describe('3. Directories', () => {
  describe('the index file', () => {
    it('skips an index name that is a directory: 403 without listing', async () => {
      const why = hint(3, 'an index must be a regular file; a directory of that name is no index');
      const server = await start();
      expect((await get(server, '/odd-index/')).status, why).toBe(403);
    });

    it('skips an index name that is a directory: the listing with listing on', async () => {
      const why = hint(3, 'an index must be a regular file; a directory of that name is no index');
      const server = await start({ listing: true });
      const res = await get(server, '/odd-index/');
      expect(res.status, why).toBe(200);
      expect(text(res), why).toContain('note.txt');
    });
  });

  describe('the listing', () => {
    it('names the directory it lists: /plain-dir/nested/, never with a doubled slash', async () => {
      const why = hint(3, 'title the listing with the path of the directory ("Index of /a/b/")');
      const server = await start({ listing: true });
      const html = text(await get(server, '/plain-dir/nested/'));
      expect(html, why).toContain('/plain-dir/nested/');
      expect(html, why).not.toContain('nested//');
      expect(html, why).not.toMatch(/[^:]\/\/plain-dir/);
    });

    it('links exactly the entries of the directory (besides a link up)', async () => {
      const why = hint(3, 'one link per entry that readdir returns, nothing else');
      const server = await start({ listing: true });
      const html = text(await get(server, '/plain-dir/nested/'));
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map(
        (m) => new URL(m[1]!.replaceAll('&amp;', '&'), 'http://x/plain-dir/nested/').pathname,
      );
      const entries = hrefs.filter((h) => h !== '/' && h !== '/plain-dir/');
      expect(entries.sort(), why).toEqual(['/plain-dir/nested/n.txt']);
    });
  });
});
