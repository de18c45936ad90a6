import { describe, expect, it } from 'vitest';
import { uncaughtDuring } from '../src/uncaught.ts';

describe('uncaughtDuring', () => {
  it('returns the errors thrown outside any handler while the work ran', async () => {
    const boom = new Error('nobody listens');
    const seen = await uncaughtDuring(async () => {
      setImmediate(() => {
        throw boom;
      });
    });
    expect(seen).toEqual([boom]);
  });

  it('waits settleMs for an error that comes later', async () => {
    const late = new Error('late');
    const seen = await uncaughtDuring(async () => {
      setTimeout(() => {
        throw late;
      }, 5);
    }, 50);
    expect(seen).toEqual([late]);
  });

  it('returns [] when nothing escaped, and removes its listener', async () => {
    const before = process.listenerCount('uncaughtException');
    expect(await uncaughtDuring(async () => {})).toEqual([]);
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });

  it('removes its listener when the work itself throws', async () => {
    const before = process.listenerCount('uncaughtException');
    await expect(
      uncaughtDuring(async () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });
});
