import { existsSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { listen } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { createStaticServer } from '../src/index.ts';
import { get, HELLO, SECRET, text, useWebRoot } from './helpers.ts';

const { web, start } = useWebRoot();

describe('4. Paths', () => {
  describe('percent-decoding (RFC 3986 §2.1)', () => {
    it('decodes "%20" and UTF-8 escapes: "/snow%20%E2%98%83.txt"', async () => {
      const server = await start();
      expect(
        text(await get(server, '/snow%20%E2%98%83.txt')),
        hint(4, 'decodeURIComponent each segment'),
      ).toBe('a snowman lives here\n');
    });

    it('accepts lowercase hex digits: "/with%20space.txt" and "/%68ello.txt"', async () => {
      const why = hint(4, 'hex digits in escapes may be either case');
      const server = await start();
      expect(text(await get(server, '/with%20space.txt')), why).toBe('a name with spaces\n');
      expect(text(await get(server, '/%68ello.%74xt')), why).toBe(HELLO);
    });

    it('decodes exactly once: "/100%25.txt" is the file "100%.txt"', async () => {
      const server = await start();
      expect(
        text(await get(server, '/100%25.txt')),
        hint(4, 'decode once: "%25" becomes "%" and stays'),
      ).toBe('one hundred percent\n');
    });

    it('does not turn "+" into a space (that is form encoding, not URI encoding)', async () => {
      const server = await start();
      expect(text(await get(server, '/a+b.txt')), hint(4, '"+" is a literal plus in a path')).toBe(
        'plus is not a space\n',
      );
    });

    it('answers "%00" with 400 (NUL would truncate the name below)', async () => {
      const server = await start();
      expect(
        (await get(server, '/hello.txt%00.png')).status,
        hint(4, 'refuse NUL in a decoded path'),
      ).toBe(400);
    });

    it.each(['/%zz.txt', '/hello%2', '/hello%'])(
      'answers a malformed escape %j with 400',
      async (target) => {
        const server = await start();
        expect(
          (await get(server, target)).status,
          hint(4, 'decodeURIComponent throws URIError: answer 400'),
        ).toBe(400);
      },
    );

    it('answers bytes that are not UTF-8 ("/%FF.txt") with 400', async () => {
      const server = await start();
      expect(
        (await get(server, '/%FF.txt')).status,
        hint(4, 'invalid UTF-8 throws URIError too: 400'),
      ).toBe(400);
    });
  });

  describe('traversal never leaves the root', () => {
    it('refuses a raw "/../outside/secret.txt" with 403 or 400', async () => {
      const server = await start();
      const res = await get(server, '/../outside/secret.txt');
      expect([400, 403], hint(4, 'refuse ".." segments; never rely on normalization')).toContain(
        res.status,
      );
      expect(text(res)).not.toContain(SECRET);
    });

    it.each([
      '/%2e%2e/outside/secret.txt',
      '/%2E%2E/outside/secret.txt',
      '/..%2foutside%2fsecret.txt',
      '/sub/..%2f..%2foutside/secret.txt',
      '/%2e%2e%2foutside%2fsecret.txt',
      '/sub/%2e%2e/%2e%2e/outside/secret.txt',
    ])('refuses the encoded dot-dot %j with 403', async (target) => {
      const server = await start();
      const res = await get(server, target);
      expect(
        res.status,
        hint(4, 'check segments after decoding: an encoded ".." is still ".."'),
      ).toBe(403);
      expect(text(res)).not.toContain(SECRET);
    });

    it('refuses a "." segment too: "/./hello.txt" is 403, not normalized', async () => {
      const server = await start();
      expect(
        (await get(server, '/./hello.txt')).status,
        hint(4, 'refuse "." and ".." segments instead of normalizing them'),
      ).toBe(403);
    });

    it('does not decode twice: "%252e%252e%252f" names a file that does not exist (404)', async () => {
      const server = await start();
      const res = await get(server, '/%252e%252e%252foutside%252fsecret.txt');
      expect(res.status, hint(4, 'one decode: "%252e" is the name "%2e"')).toBe(404);
    });

    it.each(['/..%5coutside%5csecret.txt', '/sub%5c..%5c..%5coutside%5csecret.txt'])(
      'refuses an encoded backslash %j with 400 (a separator on Windows)',
      async (target) => {
        const server = await start();
        const res = await get(server, target);
        expect(res.status, hint(4, 'refuse "\\\\" in a decoded segment')).toBe(400);
        expect(text(res)).not.toContain(SECRET);
      },
    );

    it('refuses overlong UTF-8 dots "%c0%ae%c0%ae%c0%af" with 400 (CVE-2000-0884)', async () => {
      const server = await start();
      const res = await get(server, '/%c0%ae%c0%ae%c0%afoutside/secret.txt');
      expect(res.status, hint(4, 'decodeURIComponent rejects overlong UTF-8: answer 400')).toBe(
        400,
      );
    });

    it('does not let root "name.d" reach its sibling "name.dir" (CVE-2014-6394)', async () => {
      const server = await listen(() => createStaticServer({ root: join(web().base, 'name.d') }));
      expect(
        text(await get(server, '/ok.txt')),
        hint(4, 'compare with root + sep, never a bare startsWith(root)'),
      ).toBe('inside name.d\n');
      for (const target of [
        '/../name.dir/secret.txt',
        '/..%2fname.dir%2fsecret.txt',
        '/%2e%2e/name.dir/secret.txt',
      ]) {
        const res = await get(server, target);
        expect(res.status, target).not.toBe(200);
        expect(text(res), target).not.toContain(SECRET);
      }
    });

    it('answers 404 for a symlink whose target is outside the root', async () => {
      const server = await start();
      const res = await get(server, '/escape.txt');
      expect(
        res.status,
        hint(4, 'realpath the file and check it is still under the real root'),
      ).toBe(404);
      expect(text(res)).not.toContain(SECRET);
    });

    it('answers 404 for a file under a symlinked directory outside the root', async () => {
      const server = await start();
      const res = await get(server, '/escape-dir/secret.txt');
      expect(res.status, hint(4, 'realpath the whole path, not only the last segment')).toBe(404);
      expect(text(res)).not.toContain(SECRET);
    });

    it('follows a symlink that stays inside the root', async () => {
      const why = hint(4, 'a realpath under the root is fine');
      const server = await start();
      expect(text(await get(server, '/link-to-hello.txt')), why).toBe(HELLO);
      expect(text(await get(server, '/plain-dir/link-to-sub/page.html')), why).toContain(
        'sub page',
      );
    });

    it('accepts a root given as a relative path with a trailing slash', async () => {
      const why = hint(4, 'resolve the root once at creation');
      const server = await listen(() =>
        createStaticServer({ root: `${relative(process.cwd(), web().root)}/` }),
      );
      expect(text(await get(server, '/hello.txt')), why).toBe(HELLO);
      expect((await get(server, '/escape.txt')).status, why).toBe(404);
    });

    it('accepts a root reached through a symlink (as /tmp is on macOS)', async () => {
      const why = hint(4, 'realpath the root too, then compare real paths');
      const link = join(web().base, 'root-link');
      if (!existsSync(link)) symlinkSync(web().root, link);
      const server = await listen(() => createStaticServer({ root: link }));
      expect(text(await get(server, '/hello.txt')), why).toBe(HELLO);
      expect(text(await get(server, '/link-to-hello.txt')), why).toBe(HELLO);
      expect((await get(server, '/escape.txt')).status, why).toBe(404);
    });
  });

  describe('dotfiles', () => {
    it('ignores them by default: "/.hidden" is 404', async () => {
      const server = await start();
      expect(
        (await get(server, '/.hidden')).status,
        hint(4, 'dotfiles: "ignore" by default, answered as 404'),
      ).toBe(404);
    });

    it('ignores files inside a dot-directory: "/.private/secret.txt" is 404', async () => {
      const server = await start();
      expect(
        (await get(server, '/.private/secret.txt')).status,
        hint(4, 'any segment starting with "." makes the path a dotfile'),
      ).toBe(404);
    });

    it('ignores a dotfile in a subdirectory: "/sub/.hidden" is 404', async () => {
      const server = await start();
      expect(
        (await get(server, '/sub/.hidden')).status,
        hint(4, 'check every segment, not only the first'),
      ).toBe(404);
    });

    it('sees through encoding: "/%2ehidden" is a dotfile too', async () => {
      const server = await start();
      expect(
        (await get(server, '/%2ehidden')).status,
        hint(4, 'check for dotfiles after decoding'),
      ).toBe(404);
    });

    it('answers 403 with dotfiles: "deny"', async () => {
      const why = hint(4, 'dotfiles: "deny" answers 403');
      const server = await start({ dotfiles: 'deny' });
      expect((await get(server, '/.hidden')).status, why).toBe(403);
      expect((await get(server, '/.private/secret.txt')).status, why).toBe(403);
    });

    it('serves them with dotfiles: "allow"', async () => {
      const why = hint(4, 'dotfiles: "allow" serves them');
      const server = await start({ dotfiles: 'allow' });
      expect(text(await get(server, '/.hidden')), why).toContain('hidden: dotfiles');
      expect(text(await get(server, '/.private/secret.txt')), why).toContain('PRIVATE=');
    });

    it('treats a dot inside a name as ordinary: "/sub/page.html" is served under "deny"', async () => {
      const server = await start({ dotfiles: 'deny' });
      expect(
        (await get(server, '/sub/page.html')).status,
        hint(4, 'a dotfile segment starts with "."; a dot inside a name is ordinary'),
      ).toBe(200);
    });
  });
});
