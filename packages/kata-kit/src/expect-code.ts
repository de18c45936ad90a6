/**
 * One way for every kata to assert an error and point at a hint.
 *
 * Specs assert on an error's class and `code`, never on its message's wording, so a stub that
 * throws `NotImplementedError` can never pass a "rejects bad input" spec. The message must still
 * be there: an error with a code and an empty message tells the person who reads it nothing.
 * A failure names what was expected, what was thrown, and the hint to read: `… (HINTS.md §4)`.
 * The compact reporter and the self-check find hint pointers by that exact shape.
 */
import { expect } from 'vitest';

/** A class an error must be an instance of, e.g. `UriError`. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor signature is accepted here.
export type ErrorClass = abstract new (...args: any[]) => Error;

/** `hint: <text> (HINTS.md §<stage>)`, the one shape of a hint pointer. */
export function hint(stage: number, text: string): string {
  return `hint: ${text} (HINTS.md §${stage})`;
}

/** What `fn` throws, or `undefined` when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** What the promise (or the function's promise) rejects with, or `undefined` when it resolves. */
export async function rejected(work: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    return error;
  }
  return undefined;
}

function describeThrown(error: unknown): string {
  if (error === undefined) return 'no error (it returned)';
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
  }
  return `a non-Error value: ${String(error)}`;
}

/** Asserts that `error` is an instance of `errorClass` whose `code` is `code`, with a message. */
export function expectErrorCode<C extends ErrorClass>(
  error: unknown,
  errorClass: C,
  code: string,
  hintText?: string,
): InstanceType<C> {
  const wanted = `expected ${errorClass.name} with code ${code}`;
  const context = hintText === undefined ? wanted : `${wanted}; ${hintText}`;
  if (!(error instanceof errorClass)) {
    expect.fail(`${context}, got ${describeThrown(error)}`);
  }
  expect((error as { code?: unknown }).code, context).toBe(code);
  expect(
    (error as Error).message.trim(),
    `${context}: its message is empty; say what was wrong with the input`,
  ).not.toBe('');
  return error as InstanceType<C>;
}

/** Asserts that `fn` throws `errorClass` with `code`; returns the error for further checks. */
export function expectCode<C extends ErrorClass>(
  fn: () => unknown,
  errorClass: C,
  code: string,
  hintText?: string,
): InstanceType<C> {
  return expectErrorCode(thrown(fn), errorClass, code, hintText);
}

/** Asserts that the promise (or async function) rejects with `errorClass` and `code`. */
export async function expectRejectCode<C extends ErrorClass>(
  work: Promise<unknown> | (() => unknown),
  errorClass: C,
  code: string,
  hintText?: string,
): Promise<InstanceType<C>> {
  return expectErrorCode(await rejected(work), errorClass, code, hintText);
}

/**
 * The `code` of the `errorClass` error `fn` throws, or `'accepted'` when it returns. Any other
 * error (a stub's NotImplementedError, a TypeError) propagates, so a stub never passes a spec
 * written as `expect(codeOf(…), hint(…)).toBe('ERR_…')`. For tables of inputs where some are
 * accepted and some rejected. An error whose message is empty comes back as
 * `'ERR_… with an empty message'`, which no spec expects.
 */
export function codeOf(fn: () => unknown, errorClass: ErrorClass): string {
  const error = thrown(fn);
  if (error === undefined) return 'accepted';
  if (error instanceof errorClass) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      return error.message.trim() === '' ? `${code} with an empty message` : code;
    }
  }
  throw error;
}

/**
 * Asserts that `fn` throws an instance of `errorClass`, for the few errors an interface defines
 * by class alone (a `TypeError` for a bad argument, as Node's own APIs throw). Prefer
 * `expectCode` wherever the error has a code.
 */
export function expectThrowClass<C extends ErrorClass>(
  fn: () => unknown,
  errorClass: C,
  hintText?: string,
): InstanceType<C> {
  return expectClass(thrown(fn), errorClass, hintText);
}

/** Asserts that the promise rejects with an instance of `errorClass` (see expectThrowClass). */
export async function expectRejectClass<C extends ErrorClass>(
  work: Promise<unknown> | (() => unknown),
  errorClass: C,
  hintText?: string,
): Promise<InstanceType<C>> {
  return expectClass(await rejected(work), errorClass, hintText);
}

function expectClass<C extends ErrorClass>(
  error: unknown,
  errorClass: C,
  hintText: string | undefined,
): InstanceType<C> {
  // A stub's NotImplementedError is an Error but never the class a spec asks for.
  if (!(error instanceof errorClass) || error.name === 'NotImplementedError') {
    const wanted = `expected ${errorClass.name}`;
    expect.fail(
      `${hintText === undefined ? wanted : `${wanted}; ${hintText}`}, got ${describeThrown(error)}`,
    );
  }
  return error as InstanceType<C>;
}
