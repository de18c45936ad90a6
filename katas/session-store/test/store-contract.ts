import { describe, expect, it } from 'vitest';
import { type SessionStore, StoreError } from '../src/index.ts';
import { expectRejects, type FakeClock, fakeClock } from './helpers.ts';

/** A store plus what the contract needs to drive it. */
export interface StoreUnderTest {
  store: SessionStore & { sweep(): Promise<number> };
  clock: FakeClock;
}

/**
 * Behaviour every SessionStore shares (one conformance suite, several implementations, as
 * honojs/hono runs one suite over every router). Called inside a stage describe.
 */
export function storeContract(
  make: (clock: FakeClock) => Promise<SessionStore & { sweep(): Promise<number> }>,
  /** The hint pointer of the stage that runs the contract, e.g. hint(5, '…'). */
  why: string,
): void {
  async function setup(): Promise<StoreUnderTest> {
    const clock = fakeClock();
    return { store: await make(clock), clock };
  }

  describe('the SessionStore contract', () => {
    it('resolves undefined for an unknown id', async () => {
      const { store } = await setup();
      expect(await store.get('nobody'), why).toBeUndefined();
    });

    it('returns what was set', async () => {
      const { store } = await setup();
      await store.set('s1', { user: 'alice', roles: ['admin'], n: 1 }, 1000);
      expect(await store.get('s1'), why).toEqual({ user: 'alice', roles: ['admin'], n: 1 });
    });

    it('keeps ids apart', async () => {
      const { store } = await setup();
      await store.set('s1', { user: 'alice' }, 1000);
      await store.set('s2', { user: 'bob' }, 1000);
      expect(await store.get('s1'), why).toEqual({ user: 'alice' });
      expect(await store.get('s2'), why).toEqual({ user: 'bob' });
    });

    it('hands out a copy: changing what get returned does not change the session', async () => {
      const { store } = await setup();
      await store.set('s1', { cart: ['apple'] }, 1000);
      const first = await store.get('s1');
      (first!.cart as string[]).push('pear');
      expect(await store.get('s1'), why).toEqual({ cart: ['apple'] });
    });

    it('stores a copy: changing the object after set does not change the session', async () => {
      const { store } = await setup();
      const data = { cart: ['apple'] };
      await store.set('s1', data, 1000);
      data.cart.push('pear');
      expect(await store.get('s1'), why).toEqual({ cart: ['apple'] });
    });

    it('replaces data and deadline on a second set', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      clock.advance(900);
      await store.set('s1', { v: 2 }, 1000);
      clock.advance(900);
      expect(await store.get('s1'), why).toEqual({ v: 2 });
    });

    it('is readable until just before the deadline and gone at it', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      clock.advance(999);
      expect(await store.get('s1'), why).toEqual({ v: 1 });
      clock.advance(1);
      expect(await store.get('s1'), why).toBeUndefined();
    });

    it('does not extend the deadline on get (absolute expiry)', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      for (let i = 0; i < 4; i++) {
        clock.advance(200);
        expect(await store.get('s1'), why).toEqual({ v: 1 });
      }
      clock.advance(200);
      expect(await store.get('s1'), why).toBeUndefined();
    });

    it('moves the deadline on touch (idle expiry)', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      clock.advance(800);
      await store.touch('s1', 1000);
      clock.advance(999);
      expect(await store.get('s1'), why).toEqual({ v: 1 });
      clock.advance(1);
      expect(await store.get('s1'), why).toBeUndefined();
    });

    it('can shorten the deadline on touch', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 10_000);
      await store.touch('s1', 100);
      clock.advance(100);
      expect(await store.get('s1'), why).toBeUndefined();
    });

    it('does not create an unknown id on touch', async () => {
      const { store } = await setup();
      await store.touch('ghost', 1000);
      expect(await store.get('ghost'), why).toBeUndefined();
    });

    it('does not bring an expired session back on touch', async () => {
      const { store, clock } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      clock.advance(1000);
      await store.touch('s1', 1000);
      expect(await store.get('s1'), why).toBeUndefined();
    });

    it('forgets a destroyed session, and destroying an unknown id is fine', async () => {
      const { store } = await setup();
      await store.set('s1', { v: 1 }, 1000);
      await store.destroy('s1');
      expect(await store.get('s1'), why).toBeUndefined();
      await expect(store.destroy('never-was')).resolves.toBeUndefined();
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses ttlMs %s in set and touch',
      async (ttl) => {
        const { store } = await setup();
        await expectRejects(store.set('s1', {}, ttl), StoreError, 'ERR_STORE_INVALID_TTL', why);
        await expectRejects(store.touch('s1', ttl), StoreError, 'ERR_STORE_INVALID_TTL', why);
      },
    );

    it('sweeps expired sessions, counts them, and keeps live ones', async () => {
      const { store, clock } = await setup();
      await store.set('old1', { v: 1 }, 100);
      await store.set('old2', { v: 2 }, 200);
      await store.set('live', { v: 3 }, 1000);
      clock.advance(200);
      expect(await store.sweep(), why).toBe(2);
      expect(await store.sweep(), why).toBe(0);
      expect(await store.get('live'), why).toEqual({ v: 3 });
    });
  });
}
