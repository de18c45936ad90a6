/**
 * Helpers shared by the uri-parser specs. Not a spec file: vitest only runs *.spec.ts.
 */
import { expectCode } from '@hbu/kata-kit/expect-code';
import { UriError, type UriErrorCode } from '../src/index.ts';

export { thrown } from '@hbu/kata-kit/expect-code';

/**
 * Asserts that `fn` throws a UriError with `code` (kata-kit's expectCode, typed with this
 * kata's codes). A stub's NotImplementedError, a TypeError or no error at all fail, with the
 * hint in the message.
 */
export function expectUriError(fn: () => unknown, code: UriErrorCode, hint?: string): void {
  expectCode(fn, UriError, code, hint);
}
