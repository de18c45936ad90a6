import { existsSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hint } from '@hbu/kata-kit/expect-code';
import { listen } from '@hbu/kata-kit/socket-harness';
import { describe, expect, it } from 'vitest';
import { createStaticServer } from '../src/index.ts';
import { get, HELLO, SECRET, text, useWebRoot } from './helpers.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(
  4,
  'split off the query, decode once to bytes, then read them as strict UTF-8',
);

const { web, start } = useWebRoot();

describe('4. Paths', () => {
  describe('percent-decoding (RFC 3986 §2.1)', () => {
    it('decodes "%20" and UTF-8 escapes: "/snow%20%E2%98%83.txt"', async () => {
      const server = await start();
      expect(text(await get(server, '/snow%20%E2%98%83.txt')), STAGE_HINT).toBe(
        'a snowman lives here\n',
      );
    });

    it('accepts lowercase hex digits: "/with%20space.txt" and "/%68ello.txt"', async () => {
      const server = await start();
      expect(text(await get(server, '/with%20space.txt')), STAGE_HINT).toBe('a name with spaces\n');
      expect(text(await get(server, '/%68ello.%74xt')), STAGE_HINT).toBe(HELLO);
    });

    it('decodes exactly once: "/100%25.txt" is the file "100%.txt"', async () => {
      const server = await start();
      expect(text(await get(server, '/100%25.txt')), STAGE_HINT).toBe('one hundred percent\n');
    });

    it('does not turn "+" into a space (that is form encoding, not URI encoding)', async () => {
      const server = await start();
      expect(text(await get(server, '/a+b.txt')), STAGE_HINT).toBe('plus is not a space\n');
    });

    it('answers "%00" with 400 (NUL would truncate the name below)', async () => {
      const server = await start();
      expect((await get(server, '/hello.txt%00.png')).status, STAGE_HINT).toBe(400);
    });

    it.each(['/%zz.txt', '/hello%2', '/hello%'])(
      'answers a malformed escape %j with 400',
      async (target) => {
        const server = await start();
        expect((await get(server, target)).status, STAGE_HINT).toBe(400);
      },
    );

    it('answers bytes that are not UTF-8 ("/%FF.txt") with 400', async () => {
      const server = await start();
      expect((await get(server, '/%FF.txt')).status, STAGE_HINT).toBe(400);
    });
  });

  describe('traversal never leaves the root', () => {
    it('refuses a raw "/../outside/secret.txt" with 403 or 400', async () => {
      const server = await start();
      const res = await get(server, '/../outside/secret.txt');
      expect([400, 403], STAGE_HINT).toContain(res.status);
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
      expect(res.status, STAGE_HINT).toBe(403);
      expect(text(res)).not.toContain(SECRET);
    });

    it('refuses a "." segment too: "/./hello.txt" is 403, not normalized', async () => {
      const server = await start();
      expect((await get(server, '/./hello.txt')).status, STAGE_HINT).toBe(403);
    });

    it('does not decode twice: "%252e%252e%252f" names a file that does not exist (404)', async () => {
      const server = await start();
      const res = await get(server, '/%252e%252e%252foutside%252fsecret.txt');
      expect(res.status, STAGE_HINT).toBe(404);
    });

    it.each(['/..%5coutside%5csecret.txt', '/sub%5c..%5c..%5coutside%5csecret.txt'])(
      'refuses an encoded backslash %j with 400 (a separator on Windows)',
      async (target) => {
        const server = await start();
        const res = await get(server, target);
        expect(res.status, STAGE_HINT).toBe(400);
        expect(text(res)).not.toContain(SECRET);
      },
    );

    it('refuses overlong UTF-8 dots "%c0%ae%c0%ae%c0%af" with 400 (CVE-2000-0884)', async () => {
      const server = await start();
      const res = await get(server, '/%c0%ae%c0%ae%c0%afoutside/secret.txt');
      expect(res.status, STAGE_HINT).toBe(400);
    });

    it('does not let root "name.d" reach its sibling "name.dir" (CVE-2014-6394)', async () => {
      const server = await listen(() => createStaticServer({ root: join(web().base, 'name.d') }));
      expect(text(await get(server, '/ok.txt')), STAGE_HINT).toBe('inside name.d\n');
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
      expect(res.status, STAGE_HINT).toBe(404);
      expect(text(res)).not.toContain(SECRET);
    });

    it('answers 404 for a file under a symlinked directory outside the root', async () => {
      const server = await start();
      const res = await get(server, '/escape-dir/secret.txt');
      expect(res.status, STAGE_HINT).toBe(404);
      expect(text(res)).not.toContain(SECRET);
    });

    it('follows a symlink that stays inside the root', async () => {
      const server = await start();
      expect(text(await get(server, '/link-to-hello.txt')), STAGE_HINT).toBe(HELLO);
      expect(text(await get(server, '/plain-dir/link-to-sub/page.html')), STAGE_HINT).toContain(
        'sub page',
      );
    });

    it('accepts a root given as a relative path with a trailing slash', async () => {
      const server = await listen(() =>
        createStaticServer({ root: `${relative(process.cwd(), web().root)}/` }),
      );
      expect(text(await get(server, '/hello.txt')), STAGE_HINT).toBe(HELLO);
      expect((await get(server, '/escape.txt')).status, STAGE_HINT).toBe(404);
    });

    it('accepts a root reached through a symlink (as /tmp is on macOS)', async () => {
      const link = join(web().base, 'root-link');
      if (!existsSync(link)) symlinkSync(web().root, link);
      const server = await listen(() => createStaticServer({ root: link }));
      expect(text(await get(server, '/hello.txt')), STAGE_HINT).toBe(HELLO);
      expect(text(await get(server, '/link-to-hello.txt')), STAGE_HINT).toBe(HELLO);
      expect((await get(server, '/escape.txt')).status, STAGE_HINT).toBe(404);
    });
  });

  describe('dotfiles', () => {
    it('ignores them by default: "/.hidden" is 404', async () => {
      const server = await start();
      expect((await get(server, '/.hidden')).status, STAGE_HINT).toBe(404);
    });

    it('ignores files inside a dot-directory: "/.private/secret.txt" is 404', async () => {
      const server = await start();
      expect((await get(server, '/.private/secret.txt')).status, STAGE_HINT).toBe(404);
    });

    it('ignores a dotfile in a subdirectory: "/sub/.hidden" is 404', async () => {
      const server = await start();
      expect((await get(server, '/sub/.hidden')).status, STAGE_HINT).toBe(404);
    });

    it('sees through encoding: "/%2ehidden" is a dotfile too', async () => {
      const server = await start();
      expect((await get(server, '/%2ehidden')).status, STAGE_HINT).toBe(404);
    });

    it('answers 403 with dotfiles: "deny"', async () => {
      const server = await start({ dotfiles: 'deny' });
      expect((await get(server, '/.hidden')).status, STAGE_HINT).toBe(403);
      expect((await get(server, '/.private/secret.txt')).status, STAGE_HINT).toBe(403);
    });

    it('serves them with dotfiles: "allow"', async () => {
      const server = await start({ dotfiles: 'allow' });
      expect(text(await get(server, '/.hidden')), STAGE_HINT).toContain('hidden: dotfiles');
      expect(text(await get(server, '/.private/secret.txt')), STAGE_HINT).toContain('PRIVATE=');
    });

    it('treats a dot inside a name as ordinary: "/sub/page.html" is served under "deny"', async () => {
      const server = await start({ dotfiles: 'deny' });
      expect((await get(server, '/sub/page.html')).status, STAGE_HINT).toBe(200);
    });
  });
});
