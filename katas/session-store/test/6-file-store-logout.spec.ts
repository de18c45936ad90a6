/**
 * Round two of stage 6: a destroy that lands between the read and the rename of a touch or an
 * update must win, and the store tells its ids' length limit before the file system does.
 */
import * as fsp from 'node:fs/promises';
import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { FileStore, type FileSystem } from '../src/index.ts';
import { tempDirs } from './helpers.ts';
import { storeUpdateContract } from './store-update-contract.ts';

const tempDir = tempDirs();

/**
 * node:fs/promises where the first writeFile (the temporary copy a touch or update writes after
 * its read) first starts `interloper()` and gives it up to 100 ms to finish. A store that queues
 * writes per id makes the interloper wait for the rename; one that does not lets it run between
 * the read and the rename.
 */
function interleavingFs(interloper: () => Promise<unknown>): {
  fs: FileSystem;
  done: () => Promise<unknown>;
} {
  const real = fsp as unknown as FileSystem;
  let started: Promise<unknown> | undefined;
  const fs: FileSystem = {
    readFile: (path, encoding) => real.readFile(path, encoding),
    writeFile: async (path, data, options) => {
      if (started === undefined) {
        started = interloper();
        await Promise.race([started, new Promise((r) => setTimeout(r, 100))]);
      }
      return real.writeFile(path, data, options);
    },
    rename: (from, to) => real.rename(from, to),
    link: (from, to) => real.link(from, to),
    unlink: (path) => real.unlink(path),
    readdir: (path) => real.readdir(path),
    mkdir: (path, options) => real.mkdir(path, options),
  };
  return { fs, done: () => started ?? Promise.resolve() };
}

describe('6. File store: atomic, concurrent, persistent', () => {
  storeUpdateContract(6, async (clock) => new FileStore({ dir: await tempDir(), now: clock }));

  describe('a destroy between read and rename (logout must hold)', () => {
    it('is not undone by an update in flight', async () => {
      const dir = await tempDir();
      await new FileStore({ dir }).set('abc', { user: 'alice' }, 60_000);
      let store: FileStore | undefined;
      const { fs, done } = interleavingFs(() => store!.destroy('abc'));
      store = new FileStore({ dir, fs });
      await store.update('abc', { user: 'alice', cart: 1 }, 60_000);
      await done();
      expect(
        await new FileStore({ dir }).get('abc'),
        hint(6, 'queue the writes to one id: the destroy must run after the rename, not before'),
      ).toBeUndefined();
    });

    it('is not undone by a touch in flight', async () => {
      const dir = await tempDir();
      await new FileStore({ dir }).set('abc', { user: 'alice' }, 60_000);
      let store: FileStore | undefined;
      const { fs, done } = interleavingFs(() => store!.destroy('abc'));
      store = new FileStore({ dir, fs });
      await store.touch('abc', 60_000);
      await done();
      expect(
        await new FileStore({ dir }).get('abc'),
        hint(6, 'touch reads then rewrites: a destroy in between must not be undone'),
      ).toBeUndefined();
    });
  });
});
