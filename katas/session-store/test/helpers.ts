import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ErrorClass, expectErrorCode, rejected, thrown } from '@hbu/kata-kit/expect-code';
import { afterEach, expect } from 'vitest';

/** A clock the test moves by hand. */
export interface FakeClock {
  (): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let now = start;
  const clock = (() => now) as FakeClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}

/**
 * A fresh directory under os.tmpdir() per call, removed after the test. Call at the top level
 * of a spec file so the afterEach hook is registered there.
 */
export function tempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbu-session-'));
    made.push(dir);
    return dir;
  };
}

/** Secrets long enough for SessionManager (≥ 32 characters). */
export const SECRET = 'correct horse battery staple 0123456789';
export const OLD_SECRET = 'an older secret that still verifies 42!';

/** The `name=value` pair at the start of a Set-Cookie value, as a browser would send it back. */
export function cookiePair(setCookie: string | undefined): string {
  if (setCookie === undefined) throw new Error('expected a Set-Cookie value');
  return setCookie.split(';')[0]!;
}

/** The attributes of a Set-Cookie value, as written (after the first "; "). */
export function attributesOf(setCookie: string | undefined): string[] {
  if (setCookie === undefined) throw new Error('expected a Set-Cookie value');
  return setCookie.split('; ').slice(1);
}

/** Asserts that fn throws an instance of `type` carrying `code` (kata-kit's expectCode). */
export function expectThrows(
  fn: () => unknown,
  type: ErrorClass,
  code: string,
  hintText?: string,
): void {
  const error = thrown(fn);
  expectErrorCode(error, type, code, hintText);
  // The fixed `name` is part of the interface, like the code (it is what logs show).
  expect((error as Error).name, hintText).toBe(type.name);
}

/** Asserts that a promise rejects with an instance of `type` carrying `code`. */
export async function expectRejects(
  promise: Promise<unknown>,
  type: ErrorClass,
  code: string,
  hintText?: string,
): Promise<void> {
  const error = await rejected(promise);
  expectErrorCode(error, type, code, hintText);
  expect((error as Error).name, hintText).toBe(type.name);
}
