/**
 * Edges of stage 3's HTML: a listing names the directory it lists by its full path, and a
 * redirect page links to where it redirects.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { beforeAll, describe, expect, it } from 'vitest';
import { get, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

const NAMES = ['b.txt', 'a.txt'];
/** U+FF01 sorts before U+1F600 by code point; by UTF-16 code unit (0xFF01 > 0xD83D) after it. */
const ASTRAL = ['\uFF01.txt', '\u{1F600}.txt'];

beforeAll(() => {
  const dir = join(web().root, 'outer', 'inner');
  mkdirSync(dir, { recursive: true });
  for (const name of NAMES) writeFileSync(join(dir, name), `${name}\n`);
  const astral = join(web().root, 'astral');
  mkdirSync(astral, { recursive: true });
  for (const name of ASTRAL) writeFileSync(join(astral, name), `${name}\n`);
});

describe('3. Directories', () => {
  describe('listing edges', () => {
    it('names the directory it lists by its full path', async () => {
      const server = await start({ listing: true });
      const html = text(await get(server, '/outer/inner/'));
      expect(html, hint(3, 'readdir, sort, write one link per entry')).toContain('/outer/inner/');
    });

    it("sorts as JavaScript's < does: by UTF-16 code unit, whatever order readdir gives", async () => {
      const server = await start({ listing: true });
      const html = text(await get(server, '/astral/'));
      const [fullwidth, emoji] = ASTRAL.map((name) => html.indexOf(name));
      expect(fullwidth, hint(3, 'every name is listed')).toBeGreaterThan(-1);
      expect(emoji, hint(3, 'every name is listed')).toBeGreaterThan(-1);
      expect(
        emoji,
        hint(3, 'sort with < (UTF-16 code units): a surrogate pair sorts before U+FF01'),
      ).toBeLessThan(fullwidth!);
    });
  });

  describe('redirect page edges', () => {
    it('links the redirect page to the Location, for a client that does not follow it', async () => {
      const server = await start();
      const res = await get(server, '/sub');
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('/sub/');
      expect(text(res), hint(3, 'a directory without the slash: 301 to path + "/"')).toMatch(
        /<a\b[^>]*href="\/sub\/"/,
      );
    });
  });
});
