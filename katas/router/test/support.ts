import { expect } from 'vitest';
import type { MatchResult } from '../src/index.ts';

type Found<T> = Extract<MatchResult<T>, { status: 200 }>;

/** Asserts a 200 result and returns it typed, so a spec can read handler and params. */
export function found<T>(result: MatchResult<T>): Found<T> {
  expect(result.status, `expected a route, got ${JSON.stringify(result)}`).toBe(200);
  return result as Found<T>;
}

/** The parameters of a 200 result as a plain object (the router may use a null prototype). */
export function paramsOf<T>(result: MatchResult<T>): Record<string, string> {
  const params = { ...found(result).params };
  for (const [name, value] of Object.entries(params)) {
    expect(typeof value, `params.${name}`).toBe('string');
  }
  return params;
}
