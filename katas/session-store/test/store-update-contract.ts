import { expectRejectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { type SessionStore, StoreError } from '../src/index.ts';
import { type FakeClock, fakeClock } from './helpers.ts';

/**
 * Round two of the SessionStore contract, run for every store beside `storeContract`: `update`
 * (write back only a live entry) and the length of ids. `stage` is the stage of the store.
 */
export function storeUpdateContract(
  stage: number,
  make: (clock: FakeClock) => Promise<SessionStore>,
): void {
  async function setup(): Promise<{ store: SessionStore; clock: FakeClock }> {
    const clock = fakeClock();
    return { store: await make(clock), clock };
  }

  describe('update: write back only what is still alive', () => {
    it('replaces the data of a live entry, moves its deadline, and resolves true', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { n: 1 }, 1000);
      clock.advance(900);
      expect(await store.update('s1', { n: 2 }, 1000)).toBe(true);
      clock.advance(900);
      expect(await store.get('s1'), hint(stage, 'update moves the deadline like touch')).toEqual({
        n: 2,
      });
      clock.advance(100);
      expect(await store.get('s1')).toBeUndefined();
    });

    it('resolves false and writes nothing for an unknown id', async () => {
      const { store } = await setup();
      expect(await store.update('nobody', { n: 1 }, 1000)).toBe(false);
      expect(
        await store.get('nobody'),
        hint(stage, 'update never creates an entry'),
      ).toBeUndefined();
    });

    it('resolves false and writes nothing for a destroyed id (a logout holds)', async () => {
      const { store } = await setup();
      await store.set('s1', { user: 'alice' }, 1000);
      await store.destroy('s1');
      expect(await store.update('s1', { user: 'alice', cart: 1 }, 1000)).toBe(false);
      expect(
        await store.get('s1'),
        hint(stage, 'update must not bring back a destroyed entry'),
      ).toBeUndefined();
    });

    it('resolves false and writes nothing for an expired id', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { n: 1 }, 1000);
      clock.advance(1000);
      expect(await store.update('s1', { n: 2 }, 1000)).toBe(false);
      expect(
        await store.get('s1'),
        hint(stage, 'update must not revive an expired entry'),
      ).toBeUndefined();
    });

    it('loses to a destroy started at the same time: the entry stays gone', async () => {
      const { store } = await setup();
      await store.set('s1', { n: 1 }, 1000);
      // Both in flight at once, the destroy issued second: whatever the interleaving of their
      // steps, the destroy is the last word.
      const [updated] = await Promise.all([
        store.update('s1', { n: 2 }, 1000),
        store.destroy('s1'),
      ]);
      expect(typeof updated).toBe('boolean');
      expect(
        await store.get('s1'),
        hint(
          stage,
          "a destroy between update's check and its write is undone: queue writes per id",
        ),
      ).toBeUndefined();
    });

    it('loses to a destroy started at the same time as a touch too', async () => {
      const { store } = await setup();
      await store.set('s1', { n: 1 }, 1000);
      await Promise.all([store.touch('s1', 1000), store.destroy('s1')]);
      expect(
        await store.get('s1'),
        hint(stage, "a destroy between touch's read and its write is undone: queue writes per id"),
      ).toBeUndefined();
    });

    it('copies the data it stores', async () => {
      const { store } = await setup();
      await store.set('s1', { cart: [] }, 1000);
      const data = { cart: ['apple'] };
      await store.update('s1', data, 1000);
      data.cart.push('pear');
      expect(await store.get('s1')).toEqual({ cart: ['apple'] });
    });

    it('refuses a bad id and a bad ttl like set does', async () => {
      const { store } = await setup();
      await expectRejectCode(store.update('../x', {}, 1000), StoreError, 'ERR_STORE_INVALID_ID');
      await store.set('s1', {}, 1000);
      await expectRejectCode(store.update('s1', {}, 0), StoreError, 'ERR_STORE_INVALID_TTL');
    });
  });

  describe('id length: 1 to 128 base64url characters', () => {
    const longest = `${'A'.repeat(127)}_`;

    it('accepts a 128-character id in every method', async () => {
      const { store } = await setup();
      await store.set(longest, { n: 1 }, 1000);
      expect(await store.get(longest), hint(stage, 'a 128-character id is valid')).toEqual({
        n: 1,
      });
      await store.touch(longest, 1000);
      expect(await store.update(longest, { n: 2 }, 1000)).toBe(true);
      expect(await store.get(longest)).toEqual({ n: 2 });
      await store.destroy(longest);
      expect(await store.get(longest)).toBeUndefined();
    });

    it.each([129, 233, 250, 256])(
      'refuses a %i-character id with ERR_STORE_INVALID_ID, never a raw file system error',
      async (length) => {
        const { store } = await setup();
        const id = 'b'.repeat(length);
        const why = hint(
          stage,
          'ids are at most 128 characters: check the length before any file name is built',
        );
        await expectRejectCode(store.set(id, {}, 1000), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejectCode(store.get(id), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejectCode(store.touch(id, 1000), StoreError, 'ERR_STORE_INVALID_ID', why);
        await expectRejectCode(store.destroy(id), StoreError, 'ERR_STORE_INVALID_ID', why);
      },
    );
  });
}
