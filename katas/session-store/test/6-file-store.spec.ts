import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { FileStore, type FileSystem } from '../src/index.ts';
import { fakeClock, tempDirs } from './helpers.ts';
import { storeContract } from './store-contract.ts';

const tempDir = tempDirs();

/** node:fs/promises with a hook before chosen calls; records every call. */
function hookedFs(
  hooks: Partial<Record<keyof FileSystem, (...args: string[]) => Promise<void> | void>> = {},
) {
  const calls: Array<[keyof FileSystem, ...unknown[]]> = [];
  const real = fsp as unknown as FileSystem;
  const fs = {} as Record<keyof FileSystem, unknown>;
  for (const name of [
    'readFile',
    'writeFile',
    'rename',
    'link',
    'unlink',
    'readdir',
    'mkdir',
  ] as const) {
    fs[name] = async (...args: never[]) => {
      calls.push([name, ...args]);
      await hooks[name]?.(...(args as string[]));
      return (real[name] as (...a: never[]) => Promise<unknown>)(...args);
    };
  }
  return { fs: fs as unknown as FileSystem, calls };
}

describe('6. File store: atomic, concurrent, persistent', () => {
  storeContract(
    async (clock) => new FileStore({ dir: await tempDir(), now: clock }),
    hint(6, 'write a temporary file, then rename it over the target'),
  );

  describe('on disk', () => {
    it('writes one file per session, named <id>.json', async () => {
      const dir = await tempDir();
      const store = new FileStore({ dir });
      await store.set('abc', { v: 1 }, 60_000);
      await store.set('def', { v: 2 }, 60_000);
      expect(
        (await fsp.readdir(dir)).sort(),
        hint(6, 'one file per session: <id>.json in the store directory'),
      ).toEqual(['abc.json', 'def.json']);
    });

    it('deletes the file on destroy', async () => {
      const dir = await tempDir();
      const store = new FileStore({ dir });
      await store.set('abc', { v: 1 }, 60_000);
      await store.destroy('abc');
      expect(
        await fsp.readdir(dir),
        hint(6, 'destroy unlinks the file; a missing file is fine'),
      ).toEqual([]);
    });

    it('creates its directory when it does not exist', async () => {
      const dir = join(await tempDir(), 'nested', 'sessions');
      const store = new FileStore({ dir });
      await store.set('abc', { v: 1 }, 60_000);
      expect(
        await fsp.readdir(dir),
        hint(6, 'mkdir(dir, { recursive: true }) before writing'),
      ).toEqual(['abc.json']);
    });

    it('survives a restart: a new FileStore over the directory reads every session', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      await new FileStore({ dir, now: clock }).set('abc', { user: 'alice' }, 60_000);
      expect(
        await new FileStore({ dir, now: clock }).get('abc'),
        hint(6, 'everything a session needs is in its file: a new FileStore reads it back'),
      ).toEqual({
        user: 'alice',
      });
    });

    it('keeps the deadline on disk, so it survives the restart too', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      await new FileStore({ dir, now: clock }).set('abc', { v: 1 }, 1000);
      clock.advance(1000);
      expect(
        await new FileStore({ dir, now: clock }).get('abc'),
        hint(6, 'write the deadline into the file with the data'),
      ).toBeUndefined();
    });

    it('removes expired files from disk on sweep and leaves live and foreign files', async () => {
      const why = hint(
        6,
        'sweep reads each <id>.json, deletes expired ones, leaves other files alone',
      );
      const dir = await tempDir();
      const clock = fakeClock();
      const { fs, calls } = hookedFs();
      const store = new FileStore({ dir, now: clock, fs });
      await store.set('old', { v: 1 }, 100);
      await store.set('live', { v: 2 }, 1000);
      await fsp.writeFile(join(dir, 'README.txt'), 'not a session');
      await fsp.writeFile(join(dir, '.in-flight.json'), 'a temporary file of another writer');
      clock.advance(100);
      expect(await store.sweep(), why).toBe(1);
      expect((await fsp.readdir(dir)).sort(), why).toEqual([
        '.in-flight.json',
        'README.txt',
        'live.json',
      ]);
      // A live session is never moved aside, not even for a moment: a reader would miss it.
      const moved = calls.filter(
        ([name, from]) => name === 'rename' && from === join(dir, 'live.json'),
      );
      expect(moved, why).toEqual([]);
    });

    it('reads a corrupt file as no session, and sweeps it', async () => {
      const why = hint(6, 'a JSON.parse error is no session, and sweep removes it');
      const dir = await tempDir();
      const store = new FileStore({ dir });
      await fsp.writeFile(join(dir, 'bad.json'), '{"expiresAt": 1e99, "da');
      await fsp.writeFile(join(dir, 'odd.json'), '{"expiresAt": 1e99, "data": [1]}');
      await fsp.writeFile(join(dir, 'nul.json'), 'null');
      await fsp.writeFile(join(dir, 'nodata.json'), '{"expiresAt": 1e99, "data": null}');
      await fsp.writeFile(join(dir, 'when.json'), '{"expiresAt": "never", "data": {}}');
      await fsp.writeFile(join(dir, 'text.json'), '{"expiresAt": 1e99, "data": "text"}');
      for (const id of ['bad', 'odd', 'nul', 'nodata', 'when', 'text']) {
        expect(await store.get(id), why).toBeUndefined();
      }
      expect(await store.sweep(), why).toBe(6);
      expect(await fsp.readdir(dir), why).toEqual([]);
    });

    it('reports I/O errors instead of pretending there is no session', async () => {
      const why = hint(6, 'only ENOENT means no session; rethrow other errors as StoreError');
      const dir = await tempDir();
      await fsp.mkdir(join(dir, 'abc.json'));
      const store = new FileStore({ dir });
      await expectRejectCode(store.get('abc'), Error, 'EISDIR', why);
      await expectRejectCode(store.destroy('abc'), Error, 'EISDIR', why);
      const file = join(dir, 'plain-file');
      await fsp.writeFile(file, '');
      await expectRejectCode(new FileStore({ dir: file }).sweep(), Error, 'ENOTDIR', why);
    });

    it('sweeps nothing when the directory does not exist yet', async () => {
      const store = new FileStore({ dir: join(await tempDir(), 'missing') });
      expect(await store.sweep(), hint(6, 'sweep on a missing directory returns 0')).toBe(0);
    });
  });

  describe('atomic writes', () => {
    it('never writes the session file in place: it renames a complete temporary file over it', async () => {
      const why = hint(6, 'write a temporary file, then rename it over <id>.json');
      const dir = await tempDir();
      const { fs, calls } = hookedFs();
      const store = new FileStore({ dir, fs });
      await store.set('abc', { v: 1 }, 60_000);
      await store.set('abc', { v: 2 }, 60_000);
      await store.touch('abc', 60_000);
      const target = join(dir, 'abc.json');
      const writes = calls.filter(([name]) => name === 'writeFile').map(([, path]) => path);
      expect(writes, why).toHaveLength(3);
      for (const [, , , options] of calls.filter(([name]) => name === 'writeFile')) {
        // 0600: sessions are secrets; wx: never reuse a file someone else is writing.
        expect(options, why).toMatchObject({ mode: 0o600, flag: 'wx' });
      }
      expect(writes).not.toContain(target);
      const renames = calls.filter(([name]) => name === 'rename');
      expect(
        renames.map(([, from, to]) => [writes.includes(from as string), to]),
        why,
      ).toEqual([
        [true, target],
        [true, target],
        [true, target],
      ]);
      expect(await fsp.readdir(dir), why).toEqual(['abc.json']);
    });

    it('keeps the previous session intact when the process dies before the rename', async () => {
      const why = hint(6, 'the old file stays whole until the rename');
      const dir = await tempDir();
      await new FileStore({ dir }).set('abc', { v: 'old' }, 60_000);
      const crash = Object.assign(new Error('simulated crash'), { code: 'EIO' });
      const { fs } = hookedFs({
        rename: () => {
          throw crash;
        },
      });
      expect(await rejected(new FileStore({ dir, fs }).set('abc', { v: 'new' }, 60_000)), why).toBe(
        crash,
      );
      expect(await new FileStore({ dir }).get('abc'), why).toEqual({ v: 'old' });
      expect(await fsp.readdir(dir), why).toEqual(['abc.json']);
    });

    it('does not delete a session rewritten while sweep was judging it', async () => {
      const why = hint(6, 'sweep moves the file aside before judging, and puts back a live one');
      const dir = await tempDir();
      const clock = fakeClock();
      const other = new FileStore({ dir, now: clock });
      await other.set('abc', { v: 'stale' }, 100);
      clock.advance(100);
      let rewritten = false;
      const beforeRemoval = async (path: string) => {
        if (!rewritten && path === join(dir, 'abc.json')) {
          rewritten = true;
          await other.set('abc', { v: 'fresh' }, 60_000);
        }
      };
      const { fs } = hookedFs({ rename: beforeRemoval, unlink: beforeRemoval });
      await new FileStore({ dir, now: clock, fs }).sweep();
      expect(rewritten, why).toBe(true);
      expect(await other.get('abc'), why).toEqual({ v: 'fresh' });
    });

    it('lets a newer write win over the copy sweep puts back', async () => {
      const why = hint(6, 'put a file back only when no newer write replaced it');
      const dir = await tempDir();
      const clock = fakeClock();
      const other = new FileStore({ dir, now: clock });
      await other.set('abc', { v: 'stale' }, 100);
      clock.advance(100);
      const steps: string[] = [];
      const { fs } = hookedFs({
        rename: async (from) => {
          if (from === join(dir, 'abc.json') && !steps.includes('fresh')) {
            steps.push('fresh');
            await other.set('abc', { v: 'fresh' }, 60_000);
          }
        },
        link: async () => {
          steps.push('newest');
          await other.set('abc', { v: 'newest' }, 60_000);
        },
      });
      expect(await new FileStore({ dir, now: clock, fs }).sweep(), why).toBe(0);
      expect(steps, why).toEqual(['fresh', 'newest']);
      expect(await other.get('abc'), why).toEqual({ v: 'newest' });
      expect(await fsp.readdir(dir), why).toEqual(['abc.json']);
    });

    it('fails loudly when it cannot put a fresh session back', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      const other = new FileStore({ dir, now: clock });
      await other.set('abc', { v: 'stale' }, 100);
      clock.advance(100);
      const broken = Object.assign(new Error('simulated I/O error'), { code: 'EIO' });
      const { fs } = hookedFs({
        rename: async (from) => {
          if (from === join(dir, 'abc.json')) await other.set('abc', { v: 'fresh' }, 60_000);
        },
        link: () => {
          throw broken;
        },
      });
      expect(
        await rejected(new FileStore({ dir, now: clock, fs }).sweep()),
        hint(6, 'an I/O error while putting back is a StoreError, not silence'),
      ).toBe(broken);
    });

    it('counts nothing when the expired file vanished before sweep could take it', async () => {
      const why = hint(6, 'count only files sweep itself removed');
      const dir = await tempDir();
      const clock = fakeClock();
      const other = new FileStore({ dir, now: clock });
      await other.set('abc', { v: 'stale' }, 100);
      clock.advance(100);
      const { fs } = hookedFs({
        rename: async (from) => {
          if (from === join(dir, 'abc.json')) await other.destroy('abc');
        },
      });
      expect(await new FileStore({ dir, now: clock, fs }).sweep(), why).toBe(0);
      expect(await fsp.readdir(dir), why).toEqual([]);
    });
  });

  describe('concurrent writers', () => {
    it('loses nothing and tears nothing when two stores write one id 40 times at once', async () => {
      const dir = await tempDir();
      const a = new FileStore({ dir });
      const b = new FileStore({ dir });
      const written = Array.from({ length: 40 }, (_, i) => ({
        writer: i % 2,
        n: i,
        pad: 'x'.repeat(i * 50),
      }));
      await Promise.all(written.map((data, i) => (i % 2 === 0 ? a : b).set('abc', data, 60_000)));
      const final = await new FileStore({ dir }).get('abc');
      expect(written).toContainEqual(final);
      expect(
        await fsp.readdir(dir),
        hint(6, 'unique temporary names and rename: no torn file, one whole write wins'),
      ).toEqual(['abc.json']);
    });

    it('keeps every one of 50 sessions written at once by two stores', async () => {
      const why = hint(6, 'unique temporary names per write, so writes never share a file');
      const dir = await tempDir();
      const a = new FileStore({ dir });
      const b = new FileStore({ dir });
      const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
      await Promise.all(ids.map((id, i) => (i % 2 === 0 ? a : b).set(id, { id }, 60_000)));
      const fresh = new FileStore({ dir });
      for (const id of ids) expect(await fresh.get(id), why).toEqual({ id });
      expect(await fsp.readdir(dir), why).toHaveLength(50);
    });
  });
});
