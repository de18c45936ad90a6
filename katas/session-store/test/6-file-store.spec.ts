import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { expectRejectCode, hint, rejected } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { FileStore, type FileSystem } from '../src/index.ts';
import { fakeClock, tempDirs } from './helpers.ts';
import { storeContract } from './store-contract.ts';

/** Where a failure in this file should send the participant. */
const STAGE_HINT = hint(6, 'write a temporary file, then rename it over the target');

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
      expect((await fsp.readdir(dir)).sort(), STAGE_HINT).toEqual(['abc.json', 'def.json']);
    });

    it('deletes the file on destroy', async () => {
      const dir = await tempDir();
      const store = new FileStore({ dir });
      await store.set('abc', { v: 1 }, 60_000);
      await store.destroy('abc');
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual([]);
    });

    it('creates its directory when it does not exist', async () => {
      const dir = join(await tempDir(), 'nested', 'sessions');
      const store = new FileStore({ dir });
      await store.set('abc', { v: 1 }, 60_000);
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual(['abc.json']);
    });

    it('survives a restart: a new FileStore over the directory reads every session', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      await new FileStore({ dir, now: clock }).set('abc', { user: 'alice' }, 60_000);
      expect(await new FileStore({ dir, now: clock }).get('abc'), STAGE_HINT).toEqual({
        user: 'alice',
      });
    });

    it('keeps the deadline on disk, so it survives the restart too', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      await new FileStore({ dir, now: clock }).set('abc', { v: 1 }, 1000);
      clock.advance(1000);
      expect(await new FileStore({ dir, now: clock }).get('abc'), STAGE_HINT).toBeUndefined();
    });

    it('removes expired files from disk on sweep and leaves live and foreign files', async () => {
      const dir = await tempDir();
      const clock = fakeClock();
      const { fs, calls } = hookedFs();
      const store = new FileStore({ dir, now: clock, fs });
      await store.set('old', { v: 1 }, 100);
      await store.set('live', { v: 2 }, 1000);
      await fsp.writeFile(join(dir, 'README.txt'), 'not a session');
      await fsp.writeFile(join(dir, '.in-flight.json'), 'a temporary file of another writer');
      clock.advance(100);
      expect(await store.sweep(), STAGE_HINT).toBe(1);
      expect((await fsp.readdir(dir)).sort(), STAGE_HINT).toEqual([
        '.in-flight.json',
        'README.txt',
        'live.json',
      ]);
      // A live session is never moved aside, not even for a moment: a reader would miss it.
      const moved = calls.filter(
        ([name, from]) => name === 'rename' && from === join(dir, 'live.json'),
      );
      expect(moved, STAGE_HINT).toEqual([]);
    });

    it('reads a corrupt file as no session, and sweeps it', async () => {
      const dir = await tempDir();
      const store = new FileStore({ dir });
      await fsp.writeFile(join(dir, 'bad.json'), '{"expiresAt": 1e99, "da');
      await fsp.writeFile(join(dir, 'odd.json'), '{"expiresAt": 1e99, "data": [1]}');
      await fsp.writeFile(join(dir, 'nul.json'), 'null');
      await fsp.writeFile(join(dir, 'nodata.json'), '{"expiresAt": 1e99, "data": null}');
      await fsp.writeFile(join(dir, 'when.json'), '{"expiresAt": "never", "data": {}}');
      await fsp.writeFile(join(dir, 'text.json'), '{"expiresAt": 1e99, "data": "text"}');
      for (const id of ['bad', 'odd', 'nul', 'nodata', 'when', 'text']) {
        expect(await store.get(id), STAGE_HINT).toBeUndefined();
      }
      expect(await store.sweep(), STAGE_HINT).toBe(6);
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual([]);
    });

    it('reports I/O errors instead of pretending there is no session', async () => {
      const dir = await tempDir();
      await fsp.mkdir(join(dir, 'abc.json'));
      const store = new FileStore({ dir });
      await expectRejectCode(store.get('abc'), Error, 'EISDIR', STAGE_HINT);
      await expectRejectCode(store.destroy('abc'), Error, 'EISDIR', STAGE_HINT);
      const file = join(dir, 'plain-file');
      await fsp.writeFile(file, '');
      await expectRejectCode(new FileStore({ dir: file }).sweep(), Error, 'ENOTDIR', STAGE_HINT);
    });

    it('sweeps nothing when the directory does not exist yet', async () => {
      const store = new FileStore({ dir: join(await tempDir(), 'missing') });
      expect(await store.sweep(), STAGE_HINT).toBe(0);
    });
  });

  describe('atomic writes', () => {
    it('never writes the session file in place: it renames a complete temporary file over it', async () => {
      const dir = await tempDir();
      const { fs, calls } = hookedFs();
      const store = new FileStore({ dir, fs });
      await store.set('abc', { v: 1 }, 60_000);
      await store.set('abc', { v: 2 }, 60_000);
      await store.touch('abc', 60_000);
      const target = join(dir, 'abc.json');
      const writes = calls.filter(([name]) => name === 'writeFile').map(([, path]) => path);
      expect(writes, STAGE_HINT).toHaveLength(3);
      for (const [, , , options] of calls.filter(([name]) => name === 'writeFile')) {
        // 0600: sessions are secrets; wx: never reuse a file someone else is writing.
        expect(options, STAGE_HINT).toMatchObject({ mode: 0o600, flag: 'wx' });
      }
      expect(writes).not.toContain(target);
      const renames = calls.filter(([name]) => name === 'rename');
      expect(
        renames.map(([, from, to]) => [writes.includes(from as string), to]),
        STAGE_HINT,
      ).toEqual([
        [true, target],
        [true, target],
        [true, target],
      ]);
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual(['abc.json']);
    });

    it('keeps the previous session intact when the process dies before the rename', async () => {
      const dir = await tempDir();
      await new FileStore({ dir }).set('abc', { v: 'old' }, 60_000);
      const crash = Object.assign(new Error('simulated crash'), { code: 'EIO' });
      const { fs } = hookedFs({
        rename: () => {
          throw crash;
        },
      });
      expect(
        await rejected(new FileStore({ dir, fs }).set('abc', { v: 'new' }, 60_000)),
        STAGE_HINT,
      ).toBe(crash);
      expect(await new FileStore({ dir }).get('abc'), STAGE_HINT).toEqual({ v: 'old' });
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual(['abc.json']);
    });

    it('does not delete a session rewritten while sweep was judging it', async () => {
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
      expect(rewritten, STAGE_HINT).toBe(true);
      expect(await other.get('abc'), STAGE_HINT).toEqual({ v: 'fresh' });
    });

    it('lets a newer write win over the copy sweep puts back', async () => {
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
      expect(await new FileStore({ dir, now: clock, fs }).sweep(), STAGE_HINT).toBe(0);
      expect(steps, STAGE_HINT).toEqual(['fresh', 'newest']);
      expect(await other.get('abc'), STAGE_HINT).toEqual({ v: 'newest' });
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual(['abc.json']);
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
      expect(await rejected(new FileStore({ dir, now: clock, fs }).sweep()), STAGE_HINT).toBe(
        broken,
      );
    });

    it('counts nothing when the expired file vanished before sweep could take it', async () => {
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
      expect(await new FileStore({ dir, now: clock, fs }).sweep(), STAGE_HINT).toBe(0);
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual([]);
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
      expect(await fsp.readdir(dir), STAGE_HINT).toEqual(['abc.json']);
    });

    it('keeps every one of 50 sessions written at once by two stores', async () => {
      const dir = await tempDir();
      const a = new FileStore({ dir });
      const b = new FileStore({ dir });
      const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
      await Promise.all(ids.map((id, i) => (i % 2 === 0 ? a : b).set(id, { id }, 60_000)));
      const fresh = new FileStore({ dir });
      for (const id of ids) expect(await fresh.get(id), STAGE_HINT).toEqual({ id });
      expect(await fsp.readdir(dir), STAGE_HINT).toHaveLength(50);
    });
  });
});
