import { expectCode, hint } from '@hbu/kata-kit/expect-code';
import { describe, expect, it } from 'vitest';
import { encodeLine, LineDecoder, LineError } from '../src/index.ts';

const b = (text: string): Buffer => Buffer.from(text, 'utf8');

/** Feeds every chunk and returns all the lines. */
function feed(decoder: LineDecoder, ...chunks: Array<string | Buffer>): string[] {
  return chunks.flatMap((c) => decoder.push(typeof c === 'string' ? b(c) : c));
}

describe('1. Lines', () => {
  describe('one chunk', () => {
    it('returns the CRLF-terminated line without its terminator', () => {
      expect(feed(new LineDecoder(), 'HELLO\r\n'), hint(1, 'strip CRLF')).toEqual(['HELLO']);
    });

    it('returns every line of a chunk holding several (coalesced writes)', () => {
      expect(feed(new LineDecoder(), 'a\r\nb\r\nc\r\n')).toEqual(['a', 'b', 'c']);
    });

    it('returns an empty line as ""', () => {
      expect(feed(new LineDecoder(), '\r\n\r\nx\r\n')).toEqual(['', '', 'x']);
    });

    it('also ends a line at a bare LF (nc without -C)', () => {
      expect(
        feed(new LineDecoder(), 'a\nb\r\n'),
        hint(1, 'LF ends a line; a CR before it goes too'),
      ).toEqual(['a', 'b']);
    });

    it('keeps a CR that is not right before the LF as data', () => {
      expect(feed(new LineDecoder(), 'a\rb\r\n')).toEqual(['a\rb']);
    });

    it('removes only one CR before the LF', () => {
      expect(feed(new LineDecoder(), 'a\r\r\n')).toEqual(['a\r']);
    });

    it('returns nothing for a chunk without a line end', () => {
      expect(feed(new LineDecoder(), 'no end yet')).toEqual([]);
    });

    it('accepts a Uint8Array as well as a Buffer', () => {
      expect(new LineDecoder().push(new Uint8Array([0x68, 0x69, 0x0d, 0x0a]))).toEqual(['hi']);
    });
  });

  describe('split reads', () => {
    it('joins a line split over two chunks', () => {
      expect(
        feed(new LineDecoder(), 'HEL', 'LO\r\n'),
        hint(1, 'keep the unfinished line between pushes'),
      ).toEqual(['HELLO']);
    });

    it('joins a line split between its CR and its LF', () => {
      expect(feed(new LineDecoder(), 'abc\r', '\n')).toEqual(['abc']);
    });

    it('joins a line fed one byte at a time', () => {
      const decoder = new LineDecoder();
      const lines = [...b('one\r\ntwo\r\n')].flatMap((byte) => decoder.push(Buffer.from([byte])));
      expect(lines).toEqual(['one', 'two']);
    });

    it('decodes a UTF-8 character split between chunks (é = C3 A9)', () => {
      const bytes = b('café\r\n');
      const at = bytes.indexOf(0xa9);
      expect(
        feed(new LineDecoder(), bytes.subarray(0, at), bytes.subarray(at)),
        hint(1, 'decode whole lines, not chunks'),
      ).toEqual(['café']);
    });

    it('reports how many bytes wait for their line end in `buffered`', () => {
      const decoder = new LineDecoder();
      decoder.push(b('a\r\nbcd'));
      expect(decoder.buffered).toBe(3);
      decoder.push(b('\r\n'));
      expect(decoder.buffered).toBe(0);
    });
  });

  describe('end of stream', () => {
    it('returns the unterminated rest as a last line', () => {
      const decoder = new LineDecoder();
      decoder.push(b('a\r\nlast'));
      expect(decoder.end(), hint(1, 'end() hands back the rest')).toBe('last');
    });

    it('drops a CR left at the very end of the stream', () => {
      const decoder = new LineDecoder();
      decoder.push(b('last\r'));
      expect(decoder.end(), hint(1, 'the CR of a CRLF whose LF never came')).toBe('last');
    });

    it('starts afresh after end()', () => {
      const decoder = new LineDecoder();
      decoder.push(b('rest'));
      decoder.end();
      expect(decoder.buffered).toBe(0);
      expect(decoder.push(b('next\r\n'))).toEqual(['next']);
    });

    it('returns undefined when nothing is left', () => {
      const decoder = new LineDecoder();
      decoder.push(b('a\r\n'));
      expect(decoder.end()).toBeUndefined();
    });
  });

  describe('maximum line length', () => {
    it('accepts a line of exactly maxLineLength bytes', () => {
      const decoder = new LineDecoder({ maxLineLength: 8 });
      expect(feed(decoder, `${'x'.repeat(8)}\r\n`)).toEqual(['xxxxxxxx']);
    });

    it('accepts maxLineLength bytes whose CR and LF come in later chunks', () => {
      const decoder = new LineDecoder({ maxLineLength: 8 });
      expect(feed(decoder, 'x'.repeat(8), '\r', '\n')).toEqual(['xxxxxxxx']);
    });

    it('counts bytes, not characters (é is two bytes)', () => {
      const decoder = new LineDecoder({ maxLineLength: 4 });
      expectCode(
        () => decoder.push(b('ééé\r\n')),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(1, 'Buffer length, not string length'),
      );
    });

    it('rejects a terminated line one byte too long', () => {
      const decoder = new LineDecoder({ maxLineLength: 8 });
      expectCode(() => decoder.push(b(`${'x'.repeat(9)}\r\n`)), LineError, 'ERR_LINE_TOO_LONG');
    });

    it('rejects an unterminated line as soon as it is too long, without waiting for its end', () => {
      const decoder = new LineDecoder({ maxLineLength: 8 });
      decoder.push(b('x'.repeat(8)));
      expectCode(
        () => decoder.push(b('y')),
        LineError,
        'ERR_LINE_TOO_LONG',
        hint(1, 'check the unfinished line at every push'),
      );
    });

    it('never holds more than maxLineLength + 1 bytes, whatever arrives', () => {
      const decoder = new LineDecoder({ maxLineLength: 100 });
      let most = 0;
      for (let i = 0; i < 50; i++) {
        try {
          decoder.push(b('z'.repeat(7)));
        } catch (error) {
          if (!(error instanceof LineError)) throw error;
          break;
        }
        most = Math.max(most, decoder.buffered);
      }
      expect(most, hint(1, 'buffered stays bounded')).toBeLessThanOrEqual(101);
      expect(most).toBeGreaterThan(90);
    });

    it('defaults to 8192 bytes', () => {
      const decoder = new LineDecoder();
      expect(feed(decoder, `${'x'.repeat(8192)}\r\n`)[0]).toHaveLength(8192);
      expectCode(() => decoder.push(b(`${'x'.repeat(8193)}\r\n`)), LineError, 'ERR_LINE_TOO_LONG');
    });
  });

  describe('encodeLine', () => {
    it('appends CRLF and encodes UTF-8', () => {
      expect(encodeLine('café'), hint(1, 'UTF-8 then CR LF')).toEqual(
        Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x0d, 0x0a]),
      );
    });

    it('encodes the empty line as CRLF alone', () => {
      expect(encodeLine('')).toEqual(Buffer.from('\r\n'));
    });

    it.each(['a\r\nb', 'a\nb', 'a\rb', '\n'])('refuses %j: a CR or LF would split it', (line) => {
      expectCode(
        () => encodeLine(line),
        LineError,
        'ERR_LINE_INVALID',
        hint(1, 'CR and LF cannot be inside a line'),
      );
    });
  });
});
