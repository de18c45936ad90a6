import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointString } from '../src/arbitraries.ts';

describe('codePointString', () => {
  const loneSurrogate = /\p{Cs}/u;

  it('yields well-formed strings by default, astral characters included', () => {
    const samples = fc.sample(codePointString({ maxLength: 8 }), { seed: 1, numRuns: 2000 });
    expect(samples.every((s) => !loneSurrogate.test(s))).toBe(true);
    expect(samples.some((s) => [...s].some((c) => c.codePointAt(0)! > 0xffff))).toBe(true);
    expect(
      samples.some((s) =>
        [...s].some((c) => c.codePointAt(0)! >= 0xe000 && c.codePointAt(0)! < 0x10000),
      ),
    ).toBe(true);
  });

  it('yields lone surrogates when asked to', () => {
    const samples = fc.sample(codePointString({ maxLength: 8, surrogates: true }), {
      seed: 1,
      numRuns: 5000,
    });
    expect(samples.some((s) => loneSurrogate.test(s))).toBe(true);
  });

  it('keeps the length bounds in code points', () => {
    const samples = fc.sample(codePointString({ minLength: 2, maxLength: 3 }), {
      seed: 2,
      numRuns: 500,
    });
    expect(samples.every((s) => [...s].length >= 2 && [...s].length <= 3)).toBe(true);
  });
});
