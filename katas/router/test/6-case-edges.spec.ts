import { hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.ts';
import { paramsOf } from './support.ts';

describe('6. Trailing slashes and case', () => {
  it('folds the case of a lone static segment before a parameter', () => {
    const why = hint(
      6,
      'with caseSensitive false every static segment folds, not only fully static paths',
    );
    const router = new Router<string>({ caseSensitive: false }).add('GET', '/api/v1/:id', 'item');
    for (const path of ['/API/v1/Ab', '/Api/V1/Ab', '/api/v1/Ab']) {
      expect(paramsOf(router.match('GET', path)), `${path}: ${why}`).toEqual({ id: 'Ab' });
    }
  });
});
