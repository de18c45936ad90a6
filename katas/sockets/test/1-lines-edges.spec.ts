import { expectCode, expectErrorCode, hint, thrown } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { LineDecoder, LineError } from '../src/index.ts';

const b = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('1. Lines', () => {
  describe('limits across reads', () => {
    it('refuses a line over the limit whose bytes came in two reads', () => {
      const decoder = new LineDecoder({ maxLineLength: 5 });
      expect(decoder.push(b('abc'))).toEqual([]);
      expectCode(
        () => decoder.push(b('defg\r\n')),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(1, 'count the held bytes and the new ones: the line is 7 bytes'),
      );
    });

    it('refuses an unfinished line two bytes over the limit even if it ends in CR', () => {
      const decoder = new LineDecoder({ maxLineLength: 3 });
      expectCode(
        () => decoder.push(b('abcd\r')),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(1, 'only ONE byte over may wait for its LF, and only if it is a CR'),
      );
    });

    it('keeps waiting for the LF after a CR one byte over the limit, across an empty read', () => {
      const decoder = new LineDecoder({ maxLineLength: 3 });
      expect(decoder.push(b('abc\r'))).toEqual([]);
      expect(decoder.push(new Uint8Array(0)), hint(1, 'an empty read adds nothing')).toEqual([]);
      expect(decoder.buffered).toBe(4);
      expect(decoder.push(b('\n'))).toEqual(['abc']);
    });
  });

  describe('after end() or an error', () => {
    it('reads on as a new stream after end()', () => {
      const decoder = new LineDecoder();
      decoder.push(b('abc'));
      expect(decoder.end()).toBe('abc');
      expect(decoder.buffered).toBe(0);
      expect(decoder.push(b('de')), hint(1, 'end() empties the decoder')).toEqual([]);
      expect(decoder.push(b('f\r\n'))).toEqual(['def']);
    });

    it('reads on from the next read after ERR_LINE_TOO_LONG', () => {
      const decoder = new LineDecoder({ maxLineLength: 4 });
      expectCode(() => decoder.push(b('abcdefgh')), LineError, 'ERR_LINE_TOO_LONG');
      expect(decoder.buffered).toBe(0);
      expect(decoder.push(b('ij')), hint(1, 'the refused bytes are dropped')).toEqual([]);
      expect(decoder.push(b('k\r\n'))).toEqual(['ijk']);
    });
  });

  it('throws LineError by that name', () => {
    const error = thrown(() => new LineDecoder({ maxLineLength: 1 }).push(b('abc\r\n')));
    expect(
      expectErrorCode(error, LineError, 'ERR_LINE_TOO_LONG').name,
      hint(1, 'the error classes are given in src/index.ts'),
    ).toBe('LineError');
  });
});
