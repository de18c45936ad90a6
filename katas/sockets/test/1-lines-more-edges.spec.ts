import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { LineDecoder, LineError } from '../src/index.ts';

const b = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('1. Lines', () => {
  describe('a line too long after other lines of the same read', () => {
    it('is refused, and the error says how long that line was, not where it ended', () => {
      const decoder = new LineDecoder({ maxLineLength: 10 });
      const error = expectCode(
        () => decoder.push(b(`first\r\nsecond\r\n${'x'.repeat(20)}\r\n`)),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(1, 'measure the line from its own start in the chunk'),
      );
      expect(
        error.message,
        hint(1, 'name the length of the offending line (20 bytes), counted from its start'),
      ).toMatch(/\b20\b/);
    });
  });
});
