import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.ts';

describe('1. Split a URI into components', () => {
  it('finds the scheme', () => {
    expect(parse('http://a/b')).toEqual({ scheme: 'http' });
  });
});
