/**
 * Helpers shared by the uri-parser specs. Not a spec file: vitest only runs *.spec.ts.
 */
import { expect } from 'vitest';
import { UriError, type UriErrorCode } from '../src/index.ts';

/** What `fn` throws, or `undefined` when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Asserts that `fn` throws a UriError with `code`. A stub's NotImplementedError, a TypeError
 * or no error at all fail, with the README stage or the hint in the message.
 */
export function expectUriError(fn: () => unknown, code: UriErrorCode, hint?: string): void {
  const error = thrown(fn);
  const context =
    hint === undefined ? `expected UriError ${code}` : `expected UriError ${code}; ${hint}`;
  if (!(error instanceof UriError)) {
    const got = error instanceof Error ? `${error.name}: ${error.message}` : `no error (returned)`;
    expect.fail(`${context}, got ${got}`);
  }
  expect(error.name, 'a UriError is named "UriError"').toBe('UriError');
  expect(error.code, context).toBe(code);
}
